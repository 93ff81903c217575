// The campaign form: the researcher writes (or edits) a campaign; as they type, the server
// checks the draft at the chain's time and each broken rule shows beside its field; "create"
// or "save" stores the texts and opens the signing page, where their wallet signs. Every rule
// and every sentence comes from the server; server text is only ever set as textContent.
import { say } from "./wallets.js";

const token = location.pathname.split("/").pop();
const api = `/api/create/${token}`;
const form = document.getElementById("form");
const list = document.getElementById("milestones");
const rowTemplate = document.getElementById("milestone-row");
let evidenceTypes = [];
let checkTimer = null;
let checkSeq = 0;
let busy = false;

async function call(path, body) {
  const response = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({ message: `The server answered ${response.status}.` }));
  return { status: response.status, ok: response.ok, data };
}

function rows() {
  return [...list.querySelectorAll(":scope > li")];
}

/** The form as the JSON the server (and roadmap.json) reads. */
function draft() {
  const value = (key) => document.querySelector(`[data-key="${key}"]`).value;
  return {
    title: value("title"),
    summary: value("summary"),
    goal: value("goal"),
    deadline: value("deadline"),
    milestones: rows().map((row) => {
      const field = (name) => row.querySelector(`[data-field="${name}"]`).value;
      return { title: field("title"), description: field("description"), evidenceType: field("evidenceType"), share: field("share"), estimatedCompletion: field("estimatedCompletion") };
    }),
  };
}

function addRow(milestone) {
  const row = rowTemplate.content.firstElementChild.cloneNode(true);
  const select = row.querySelector('[data-field="evidenceType"]');
  for (const type of evidenceTypes) select.append(new Option(type.label, type.value));
  for (const input of row.querySelectorAll("[data-field]")) {
    if (milestone && milestone[input.dataset.field] !== undefined) input.value = milestone[input.dataset.field];
  }
  row.querySelector(".remove").addEventListener("click", () => {
    row.remove();
    scheduleCheck();
  });
  list.append(row);
}

/** Where a problem's field key (`goal`, `milestones.2.share`) is shown, and the input to mark. */
function placeOf(field) {
  const parts = field.split(".");
  if (parts.length === 3) {
    const row = rows()[Number(parts[1])];
    if (!row) return null;
    return { text: row.querySelector(`[data-row-problem="${parts[2]}"]`), input: row.querySelector(`[data-field="${parts[2]}"]`) };
  }
  return { text: document.querySelector(`[data-problem="${field}"]`), input: document.querySelector(`[data-key="${field}"]`) };
}

function showProblems(problems) {
  for (const el of form.querySelectorAll("[data-problem], [data-row-problem]")) el.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const problem of problems) {
    const place = placeOf(problem.field);
    if (!place || !place.text) continue;
    place.text.textContent = place.text.textContent ? `${place.text.textContent} ${problem.message}` : problem.message;
    if (place.input) place.input.setAttribute("aria-invalid", "true");
  }
}

async function check() {
  const seq = ++checkSeq;
  const { ok, data } = await call(`${api}/check`, { draft: draft() });
  // An older answer arriving after a newer one must not overwrite it.
  if (seq !== checkSeq) return;
  if (!ok) return say(data.message || `The form cannot be checked (${data.error}).`, "error");
  showProblems(data.problems);
  document.getElementById("share-total").textContent = data.shareTotal;
  form.dataset.checked = String(seq);
  say(data.problems.length === 0 ? "Everything is in order." : `${data.problems.length} thing(s) to fix before sending.`, data.problems.length === 0 ? "done" : "");
}

function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(() => check().catch((error) => say(`Could not check the form: ${error}`, "error")), 300);
}

/** Only this site's own signing page is ever opened from an answer. */
function goToSigning(url) {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin || !target.pathname.startsWith("/sign/")) return say(`Open your signing page: ${url}`, "done");
  say("Opening the signing page…", "done");
  location.assign(target.href);
}

async function send(path, body) {
  if (busy) return;
  busy = true;
  for (const button of form.querySelectorAll("#actions button")) button.disabled = true;
  say("Storing the texts and preparing the transaction…");
  try {
    const { ok, data } = await call(path, body);
    if (ok) return goToSigning(data.signingUrl);
    if (data.problems) showProblems(data.problems);
    if (data.signingUrl) return goToSigning(data.signingUrl);
    say(data.message || `Refused (${data.error}).`, "error");
  } catch (error) {
    say(`Could not send the form: ${error}`, "error");
  } finally {
    busy = false;
    for (const button of form.querySelectorAll("#actions button")) button.disabled = false;
  }
}

async function load() {
  const { ok, data } = await call(api);
  if (!ok) {
    if (data.signingUrl) {
      say(data.message, "error");
      return;
    }
    return say(data.message || `This link cannot be used (${data.error}).`, "error");
  }
  evidenceTypes = data.evidenceTypes;
  document.getElementById("researcher").textContent = data.researcher;
  if (data.textsMessage) {
    const note = document.getElementById("texts-note");
    note.textContent = data.textsMessage;
    note.hidden = false;
  }
  if (data.campaign) {
    document.getElementById("heading").textContent = "Edit your campaign";
    document.getElementById("save").textContent = "Save edit";
    document.getElementById("save-submit").textContent = "Save and submit for review";
    // The program takes "submit for review" only from a draft.
    document.getElementById("review").hidden = data.campaign.status !== "Draft";
  }
  const prefill = data.prefill;
  for (const key of ["title", "summary", "goal", "deadline"]) {
    if (prefill) document.querySelector(`[data-key="${key}"]`).value = prefill[key];
  }
  const milestones = prefill ? prefill.milestones : Array.from({ length: data.limits.minMilestones }, () => null);
  for (const milestone of milestones) addRow(milestone);
  form.hidden = false;
  say(`Link open until ${new Date(data.expiresAt).toLocaleTimeString()}.`);
  if (prefill) scheduleCheck();
}

form.addEventListener("input", scheduleCheck);
document.getElementById("add-milestone").addEventListener("click", () => {
  addRow(null);
  scheduleCheck();
});
for (const id of ["save", "save-submit"]) {
  const button = document.getElementById(id);
  button.addEventListener("click", () => send(api, { draft: draft(), submit: button.dataset.submit === "true" }));
}
document.getElementById("review").addEventListener("click", () => send(`${api}/review`, {}));
load().catch((error) => say(`Could not load the form: ${error}`, "error"));
