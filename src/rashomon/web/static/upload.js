// Upload articles with the write token, then poll the job until the analysis is done.
// The page's words come from the form's data attributes, in the page's language.
"use strict";
const form = document.getElementById("upload");
const status = document.getElementById("status");
const bar = document.getElementById("progress");
const list = document.getElementById("added");
const words = form.dataset;
const states = Object.fromEntries(["queued", "running", "done", "failed"].map((s, i) => [s, words.states.split("|")[i]]));

function say(text) { status.textContent = text; }

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

async function poll(url) {
  const job = await (await fetch(url)).json();
  bar.hidden = false; bar.max = job.total; bar.value = job.done;
  say(fill(words.progress, {state: states[job.state] || job.state, done: job.done, total: job.total,
                            added: job.added.length, duplicates: job.duplicates}) +
      (job.errors.length ? `; ${words.errors}: ${job.errors.join("; ")}` : ""));
  if (job.state === "queued" || job.state === "running") { setTimeout(() => poll(url), 700); return; }
  list.replaceChildren(...job.added.map((id) => {
    const li = document.createElement("li"); const a = document.createElement("a");
    a.href = `/doc/${id}`; a.textContent = `${words.document} ${id}`; li.append(a); return li;
  }));
}

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const body = new FormData();
  for (const f of document.getElementById("files").files) body.append("files", f);
  say(words.uploading);
  const r = await fetch("/api/documents", {method: "POST", body,
    headers: {"X-Rashomon-Token": document.getElementById("token").value}});
  const answer = await r.json();
  if (!r.ok) { say(`${words.refused}: ${answer.detail}`); return; }
  poll(answer.url);
});
