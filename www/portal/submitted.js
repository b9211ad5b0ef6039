// submitted.js — lists the fields a form sent by GET (the demo's stand-in for a server).
const lines = [...new URLSearchParams(location.search)].map(([name, value]) => `${name} = ${value}`);
if (lines.length) document.querySelector('[data-submitted]').textContent = lines.join('\n');
