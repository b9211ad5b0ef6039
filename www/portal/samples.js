// Sample records for the demo buttons on the portal pages: one with typical mistakes, one that
// passes, per record kind. Checked as of `today` (the dated samples are set in autumn 2018;
// null: the real today).

export const samples = {
  catalogue_entry: {
    today: null, // no dates here; CAT-003 (the repealed 2007 regulation) applies from 2019-05-15
    faulty: {
      category: '行政许可',
      subcategory: '企业登记',
      content: '行政许可事项目录、办事指南、许可决定',
      basis: '《中华人民共和国政府信息公开条例》（国务院令第492号）',
      time_limit: '信息形成之日起30个工作日内',
      subject: '信阳市市场监督管理局',
      channels: ['政府网站', '政务服务中心'],
      audience: ['全社会'],
      mode: '依申请',
      levels: ['市级'],
      five_public: ['服务', '结果'],
    },
    valid: {
      category: '社会救助',
      subcategory: '最低生活保障',
      content: '城乡低保政策文件、保障标准、申请条件、办理流程；保障对象名单（姓名、保障人数、保障金额，去标识化处理）',
      basis: '《社会救助暂行办法》（国务院令第649号）第十一条；《中华人民共和国政府信息公开条例》（国务院令第711号）第二十条第（十一）项',
      time_limit: '信息形成或者变更之日起20个工作日内',
      subject: '潢川县民政局、各乡镇人民政府（街道办事处）',
      channels: ['政府网站', '便民服务站', '社区/企事业单位/村公示栏（电子屏）'],
      audience: ['全社会', '特定群体'],
      mode: '主动',
      levels: ['县级', '乡级'],
      five_public: ['服务', '结果'],
      area: '社会救助和社会福利',
    },
  },
  document: {
    today: '2018-12-01',
    faulty: {
      title: '信阳市人民政府关于印发信阳市城市供水管理办法的通知',
      doc_number: '信政[2018]21号',
      issuer: '信阳市人民政府',
      written_date: '2018-10-10',
      publish_date: '2018-10-25',
      disclosure: '主动公开',
      doc_type: '行政规范性文件',
      requires_interpretation: true,
      interpretation: { unit: '信阳市住房和城乡建设局', publish_date: '2018-10-31', linked: false },
      status: '有效',
    },
    valid: {
      title: '信阳市人民政府关于印发信阳市城市供水管理办法的通知',
      doc_number: '信政〔2018〕21号',
      issuer: '信阳市人民政府',
      index_no: '005452559/2018-00121',
      written_date: '2018-10-10',
      publish_date: '2018-10-25',
      disclosure: '主动公开',
      doc_type: '行政规范性文件',
      requires_interpretation: true,
      interpretation: {
        unit: '信阳市住房和城乡建设局', author: '市住房和城乡建设局局长', publish_date: '2018-10-26',
        url: 'http://www.xinyang.gov.cn/zcjd/2018/1026.html', linked: true,
      },
      status: '有效',
    },
  },
  application: {
    today: '2018-12-01',
    faulty: {
      received_date: '2018-09-28',
      channel: '互联网',
      applicant: { type: '自然人', name: '张某', contact: '138****5621' },
      description: '信阳市羊山新区道路拓宽工程房屋征收补偿安置方案',
      form: '电子邮件',
      correction_notice_date: '2018-10-16',
      correction_notice_count: 2,
      reply_date: '2018-11-30',
      reply_type: '不予公开',
    },
    valid: {
      received_date: '2018-09-20',
      channel: '当面提交',
      applicant: {
        type: '法人或其他组织', name: '信阳市平桥区明港镇某农民专业合作社',
        id_doc: '营业执照副本复印件、法定代表人身份证明书', contact: '0376-3512***',
      },
      description: '信阳市人民政府办公室《关于印发信阳市2018年政务公开重点工作责任分工方案的通知》（信政办〔2018〕88号）全文',
      form: '纸质文本，当面领取',
      reply_date: '2018-10-24',
      reply_type: '已主动公开',
      access_method: '信阳市人民政府网站「政府信息公开—政府文件」栏目，2018-09-28发布',
    },
  },
};
