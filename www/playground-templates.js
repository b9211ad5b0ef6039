// playground-templates.js: starting points built from the schema, so they always fit the kind.

/** The first required text field of a kind (the one a template rule checks). */
function templateField(kind) {
  return kind.fields.find((f) => f.type === 'text' && f.required)
    ?? kind.fields.find((f) => f.type === 'text')
    ?? kind.fields[0];
}

/** A complete, passing rule for `kind`: metadata, check, and one passing and one failing example. */
export function blankRule(kind) {
  const field = templateField(kind);
  return `// LOC-001 ${field.label_zh}应当填写
//
// 在此说明规则的来源和理由：依据哪份文件的哪一条，为什么是这个级别（error / warning / info）。

const RULE = #{
    id: "LOC-001",
    title: #{ zh: "${field.label_zh}应当填写", en: "${field.label_en} is filled in" },
    severity: "warning",
    kinds: ["${kind.name}"],
    fields: ["${field.name}"],
    basis: "（在此写明依据，写到条款）",
    message: #{
        zh: "未填写{label}：请补充",
        en: "{label} is missing: fill it in",
    },
};

fn check(record) {
    if is_blank(record.${field.name}) {
        #{ field: "${field.name}" }
    }
}

const EXAMPLES = [
    #{ name: "已填写", record: #{ ${field.name}: "示例" }, expect: [] },
    #{ name: "未填写", record: #{}, expect: [#{ field: "${field.name}", message: "未填写" }] },
];
`;
}

function emptyValue(field) {
  switch (field.type) {
    case 'text_list':
    case 'list':
      return [];
    case 'object':
      return Object.fromEntries(field.fields.map((f) => [f.name, emptyValue(f)]));
    default:
      return null; // null is "not filled in" for every scalar type
  }
}

/** A record of `kind` with every field present and empty, to fill in by hand. */
export function blankRecord(kind) {
  return Object.fromEntries(kind.fields.map((f) => [f.name, emptyValue(f)]));
}
