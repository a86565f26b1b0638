// Upload articles with the write token, then poll the job until the analysis is done.
"use strict";
const form = document.getElementById("upload");
const status = document.getElementById("status");
const bar = document.getElementById("progress");
const list = document.getElementById("added");

function say(text) { status.textContent = text; }

async function poll(url) {
  const job = await (await fetch(url)).json();
  bar.hidden = false; bar.max = job.total; bar.value = job.done;
  say(`${job.state}: ${job.done} of ${job.total} file(s), ${job.added.length} added, ` +
      `${job.duplicates} already stored` + (job.errors.length ? `; errors: ${job.errors.join("; ")}` : ""));
  if (job.state === "queued" || job.state === "running") { setTimeout(() => poll(url), 700); return; }
  list.replaceChildren(...job.added.map((id) => {
    const li = document.createElement("li"); const a = document.createElement("a");
    a.href = `/doc/${id}`; a.textContent = `document ${id}`; li.append(a); return li;
  }));
}

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const body = new FormData();
  for (const f of document.getElementById("files").files) body.append("files", f);
  say("uploading…");
  const r = await fetch("/api/documents", {method: "POST", body,
    headers: {"X-Rashomon-Token": document.getElementById("token").value}});
  const answer = await r.json();
  if (!r.ok) { say(`refused: ${answer.detail}`); return; }
  poll(answer.url);
});
