// The navigator's pages (navigator/start/...), taken over by the rule core once it runs here.
//
// Every page works without this script: each question and outcome is a static page built by the
// same Python core at build time. Once the core has started (Pyodide, in a Web Worker), this script
// answers clicks in place: it sends the answers so far to the core's `next_step` and renders what
// comes back, with the dates the core works out. It decides nothing itself: it only renders the
// core's JSON (with DOM APIs and textContent, never innerHTML) and keeps the address bar on the
// static page of the node reached (the core names it: one page per node and stage reached), with
// the answers so far in the query string, never in the path.
//
// State for tests and monitoring: <html data-navigator="loading|ready|failed">.
import { startEngine } from "./engine.js";

const nav = document.querySelector(".hb-nav");
const html = document.documentElement;
const assetsUrl = new URL("../", import.meta.url).href;
const siteRoot = new URL("../../", import.meta.url);
const START = "navigator/start/";
const NOT_GIVEN = "-";
const SITE_TITLE = document.title.includes(" - ") ? document.title.slice(document.title.lastIndexOf(" - ")) : "";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

let engine = null;
let busy = false;
let state = null;          // {answers: {question id: answer}, records: {question id: {text, type, label}},
                           //  changing: every answer before a Change from "Your answers", until it is done}
let warnedAboutRecord = false;
let recordAsFilled = "";   // the record's fields as this script filled them in, before any typing
let icsUrl = null;

// ---------------------------------------------------------------------------------------- helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === "") continue;
    node.append(child);
  }
  return node;
}

function pad(n) { return String(n).padStart(2, "0"); }

function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function isIsoDate(text) { return /^\d{4}-\d{2}-\d{2}$/.test(String(text || "")); }

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function longDate(iso) {  // "Monday 29 December 2025", the same in every browser
  const [y, m, d] = iso.split("-").map(Number);
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${d} ${MONTHS[m - 1]} ${y}`;
}

function setStatus(text) {
  const status = document.getElementById("hb-nav-status");
  if (status) status.textContent = text;
}

function pick(answers, ids) {
  const out = {};
  for (const id of ids) if (answers[id] !== undefined) out[id] = answers[id];
  return out;
}

// The static page the core named (`page`, relative to the first question's), with the answers
// along `path` (question ids) in the query string.
function pageUrl(page, path, answers) {
  const query = new URLSearchParams();
  for (const id of path) if (answers[id] !== undefined && answers[id] !== null) query.set(id, answers[id]);
  const url = new URL(START + page, siteRoot);
  url.search = query.toString();
  return url.href;
}

// What the core's trace says of each answer: the question's words, its type and the answer's label.
function recordsFrom(trace) {
  const out = {};
  for (const t of trace || []) out[t.question] = { text: t.text, type: t.type, label: t.label };
  return out;
}

// The page's own relative links (Material's navigation, the favicon) are written for the static
// page's address; pushState changes the address they resolve against, so fix them first.
function absoluteLinks() {
  for (const node of document.querySelectorAll("a[href], link[rel~='icon'][href]")) {
    const raw = node.getAttribute("href");
    if (raw && !raw.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(raw)) node.setAttribute("href", node.href);
  }
}

// ----------------------------------------------------------------------------- reading the static page

// The answers so far are in the query string (kept there by this script); the page itself is the
// node's, the same for everyone who reaches it.
const DATE_PARTS = ["--day", "--month", "--year"];

function readStaticPage() {
  const answers = {};
  const parts = {};
  for (const [id, value] of new URLSearchParams(location.search)) {
    const part = DATE_PARTS.find((suffix) => id.endsWith(suffix));
    if (part) { (parts[id.slice(0, -part.length)] ||= {})[part] = value.trim(); continue; }
    if (id && value !== "") answers[id] = value;
  }
  // A date form sent before the core was ready (or with no script): its three boxes, as one answer.
  for (const [id, boxes] of Object.entries(parts)) {
    const text = DATE_PARTS.map((part) => boxes[part] || "").filter(Boolean).join(" ");
    if (text) answers[id] = text;
  }
  return { answers, records: {} };
}

function currentQuestion() {
  if (nav.dataset.navKind !== "question") return null;
  const heading = document.getElementById("hb-nav-heading");
  return { id: nav.dataset.navNode, type: nav.dataset.navType, text: heading ? heading.textContent : "" };
}

// ------------------------------------------------------------------------------------ rendering

function answersList(path, answers, records) {
  const nodes = [];
  if (path.length) {
    nodes.push(el("h2", { id: "hb-nav-your-answers" }, "Your answers"));
    const list = el("dl", { class: "hb-nav-answers" });
    path.forEach((id, i) => {
      const record = records[id] || { text: id, type: "choice", label: answers[id] };
      const value = answers[id];
      let label = record.label;
      if (record.type === "date") label = isIsoDate(value) ? longDate(value) : "Not given";
      const before = {};
      for (const earlier of path.slice(0, i)) before[earlier] = answers[earlier];
      list.append(el("div", { class: "hb-nav-answer", "data-nav-question": id, "data-nav-type": record.type,
        "data-nav-answer": value ?? "" },
      el("dt", {}, record.text),
      el("dd", {}, el("span", { class: "hb-nav-answer-label" }, label), " ",
        el("a", { class: "hb-nav-change", href: pageUrl(i === 0 ? "" : `${id}/`, path.slice(0, i), before) },
          "Change", el("span", { class: "hb-nav-visually-hidden" }, ` your answer to: ${record.text}`)))));
    });
    nodes.push(list);
  }
  return nodes;
}

// ------------------------------------------------------------------------ the page of each step
//
// Every step (question or outcome) is shown by its own static page, fetched from the site: the one
// rendering of it. This script only fills in what the core alone knows: the dates (data-date
// slots), the parts the reader's answers show or hide (data-flag, data-unless-flag, and the notes
// that apply: data-warning-id), the record's pre-filled fields, the calendar file, and the list of
// the reader's own answers.

const pages = new Map();   // static page HTML by address: each is fetched once

async function fetchPage(page) {
  const url = new URL(START + page, siteRoot).href;
  if (!pages.has(url)) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    pages.set(url, await response.text());
  }
  const doc = new DOMParser().parseFromString(pages.get(url), "text/html");
  const fresh = doc.querySelector(".hb-nav");
  for (const node of fresh.querySelectorAll("[href]")) {   // links are written for that page's address
    const raw = node.getAttribute("href");
    if (raw && !raw.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(raw)) node.setAttribute("href", new URL(raw, url).href);
  }
  return fresh;
}

function fill(root, o) {
  const dates = o.dates || {};
  const flags = new Set(o.flags || []);
  for (const slot of root.querySelectorAll("[data-date]")) {
    const when = dates[slot.dataset.date];
    if (when) { slot.textContent = longDate(when); slot.setAttribute("datetime", when); slot.classList.add("hb-nav-due"); }
  }
  for (const part of root.querySelectorAll("[data-show]")) {
    const key = part.dataset.show;
    part.hidden = key === "calendar" ? !o.calendar : !dates[key];
  }
  for (const part of root.querySelectorAll("[data-unless-show]")) part.hidden = Boolean(dates[part.dataset.unlessShow]);
  for (const part of root.querySelectorAll("[data-flag]")) part.hidden = !flags.has(part.dataset.flag);
  for (const part of root.querySelectorAll("[data-unless-flag]")) part.hidden = flags.has(part.dataset.unlessFlag);
  for (const box of root.querySelectorAll("[data-warning-id]")) box.hidden = !flags.has(`warning:${box.dataset.warningId}`);
  const record = o.escalation_record;
  for (const field of (record && record.fields) || []) {
    const input = root.querySelector(`#hb-rec-${CSS.escape(field.id)}`);
    if (input && field.value !== null && field.value !== undefined && "value" in input) input.value = field.value;
  }
  recordAsFilled = recordNow();
  const ics = root.querySelector("a.hb-nav-ics");
  if (ics && o.calendar) {
    if (icsUrl) URL.revokeObjectURL(icsUrl);
    icsUrl = URL.createObjectURL(new Blob([o.calendar], { type: "text/calendar" }));
    ics.href = icsUrl;
  }
}

// ------------------------------------------------------------------------------ talking to the core

// With `earlier` (the answers before a Change), the core keeps those that still hold (flow.revise).
async function ask(answers, earlier = null) {
  return engine.call("next_step", earlier ? { answers, earlier, today: todayIso() } : { answers, today: todayIso() });
}

async function show(step, answers, records, previous) {
  const fresh = await fetchPage(step.page);
  warnedAboutRecord = false;
  for (const key of ["navKind", "navNode", "navType", "navDepth"]) {
    if (fresh.dataset[key] !== undefined) nav.dataset[key] = fresh.dataset[key]; else delete nav.dataset[key];
  }
  nav.classList.toggle("hb-nav--outcome", !step.question);
  nav.dataset.navAnswers = JSON.stringify(answers);
  const body = nav.querySelector(".hb-nav-body");
  body.replaceChildren(...document.importNode(fresh.querySelector(".hb-nav-body"), true).childNodes);
  if (step.question) {
    for (const form of body.querySelectorAll("form.hb-nav-date")) form.hidden = false;
    for (const note of body.querySelectorAll(".hb-nav-needs-js")) note.hidden = true;
    const form = body.querySelector("form.hb-nav-date");
    const before = previous[step.question.id] ?? answers[step.question.id];
    if (form && before && before !== NOT_GIVEN) setTyped([...form.querySelectorAll("input")], before);
    enhanceChoices(body);
    for (const radio of body.querySelectorAll("input.hb-radio-input")) radio.checked = before !== undefined && radio.value === before;
  } else {
    fill(body, step.outcome);
    for (const actions of body.querySelectorAll(".hb-nav-actions")) actions.hidden = false;
  }
  const slot = body.querySelector(".hb-nav-answers-slot");
  if (slot) slot.replaceChildren(...answersList(step.path, answers, records));
  const heading = document.getElementById("hb-nav-heading");
  document.title = heading.textContent + SITE_TITLE;
  return heading;
}

function question_words(type) {
  if (type === "choice" || type === "yes-no") return "Select an answer.";
  return type === "number" ? "Enter a whole number, or continue without a number." : "Enter the date, for example 18 12 2026, or continue without a date.";
}

// With this script, a choice question is one radio group and one Continue button (flow.css).
function enhanceChoices(root) {
  for (const form of root.querySelectorAll("form.hb-nav-choice")) {
    form.classList.add("hb-js");
    form.noValidate = true;   // the error summary says what is missing (before the core runs, reportValidity)
  }
}

// Before the core runs: where a form leads (its answer's page) with the answers so far carried along.
function staticTarget(form) {
  const query = new URLSearchParams(location.search);
  let href = form.action;
  if (form.classList.contains("hb-nav-choice")) {
    const radio = form.querySelector("input.hb-radio-input:checked");
    if (!radio) return null;
    href = radio.dataset.navHref;
    query.set(form.dataset.navQuestion, radio.value);
  } else {
    for (const suffix of DATE_PARTS) query.delete(form.dataset.navQuestion + suffix);
    const value = typed(form);
    if (value) query.set(form.dataset.navQuestion, value);
  }
  const url = new URL(href, location.href);
  url.search = query.toString();
  return url.href;
}

// The GOV.UK error pattern: the core's message in the summary at the top (focused, linking to the
// field) and beside the field, "Error: " before the page's title. A choice question has no summary
// on its page: the message goes under the question.
function showError(message, value) {
  const form = nav.querySelector("form.hb-nav-date");
  let box = document.getElementById("hb-nav-error");
  if (!box) {
    box = el("p", { class: "hb-error", id: "hb-nav-error", role: "alert" });
    const after = document.getElementById("hb-nav-hint") || document.getElementById("hb-nav-heading");
    after.after(box);
  }
  box.textContent = message;
  const inputs = form ? [...form.querySelectorAll("input:not([type=radio])")] : [];
  if (value !== undefined && inputs.length) setTyped(inputs, value);
  for (const input of inputs) input.setAttribute("aria-invalid", "true");
  const heading = document.getElementById("hb-nav-heading");
  if (heading && !document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
  const summary = document.getElementById("hb-error-summary");
  if (summary) {
    document.getElementById("hb-error-summary-link").textContent = message;
    summary.hidden = false;
    summary.focus();
  } else if (inputs.length) {
    inputs[0].focus();
  }
}

// What the reader typed, back in the boxes: "18 12 2026" or 2026-12-18 into day, month and year.
function setTyped(inputs, value) {
  if (inputs.length === 1) { inputs[0].value = value; return; }
  const text = String(value || "");
  const parts = isIsoDate(text) ? text.split("-").reverse().map((p) => String(Number(p))) : text.split(/\s+/);
  inputs.forEach((input, i) => { input.value = parts[i] || ""; });
}

function typed(form) {
  return [...form.querySelectorAll("input")].map((input) => input.value.trim()).filter(Boolean).join(" ");
}

// Ask the core where `answers` lead and show it. `answered` is the answer just given, if any.
// `changing` (the answers before a Change from "Your answers") goes along until an outcome is reached:
// the core keeps the later answers that still hold, so the reader comes back to the outcome.
async function go(answers, { push = true, answered = null, previous = {}, changing = state.changing || null } = {}) {
  if (busy) return;
  busy = true;
  nav.setAttribute("aria-busy", "true");
  try {
    let records = { ...state.records };
    if (answered) records[answered.question] = answered.record;
    const reply = await ask(answers, answered ? changing : null);
    if (reply.error) { showError(reply.error, answered ? answered.value : undefined); return; }
    const step = reply.ok;
    if (step.error) {
      const kept = pick(answers, step.path);
      if (!answered || step.error.question !== answered.question) {
        const again = await ask(kept);
        if (again.ok && again.ok.question) {
          records = { ...records, ...recordsFrom(again.ok.trace) };
          state = { answers: kept, records, changing };
          await show(again.ok, kept, records, answers);
          const url = pageUrl(again.ok.page, again.ok.path, kept);
          if (push) history.pushState(state, "", url); else history.replaceState(state, "", url);
        }
      }
      showError(step.error.message, answers[step.error.question]);
      return;
    }
    if (answered && step.question && step.question.id === answered.question) {
      showError(question_words(answered.record.type), "");
      return;
    }
    const kept = pick(answers, step.path);
    const trace = step.trace || (step.outcome || {}).trace || [];
    for (const t of trace) kept[t.question] = t.answer;   // as the core read it: a date typed "18 Dec 2025" is 2025-12-18
    records = { ...records, ...recordsFrom(trace) };
    state = { answers: kept, records: pick(records, step.path), changing: step.outcome ? null : changing };
    const url = pageUrl(step.page, step.path, kept);
    if (push) history.pushState(state, "", url); else history.replaceState(state, "", url);
    const heading = await show(step, kept, records, changing || previous);
    heading.focus();
    setStatus(heading.textContent);   // the new step, announced (role=status) as well as focused
  } catch (error) {
    showError("Something went wrong working this out. Reload the page to use the pages without the date calculator.");
  } finally {
    busy = false;
    nav.removeAttribute("aria-busy");
  }
}

// ----------------------------------------------------------------------------------- events

// "Print escalation record" prints the record: the summary, the dates, the next step and the
// record's fields (flow.css, html[data-print=record]); the browser's own Print prints the whole page.
function printRecord() {
  html.dataset.print = "record";
  const done = () => { delete html.dataset.print; window.removeEventListener("afterprint", done); };
  window.addEventListener("afterprint", done);
  window.print();
  done();   // window.print() returns once the dialogue closes; afterprint covers browsers where it does not block
}

function plainClick(event) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

// Before the core has started, a click follows the static link as it would without this script, but
// takes the answers so far (the query string) along, with the one just chosen, so that the core can
// go on from them once it is ready.
function carryAnswers(target) {
  const link = target.closest("a.hb-nav-option, a.hb-nav-skip");
  if (!link || !link.dataset.navQuestion) return;
  const url = new URL(link.href, location.href);
  const query = new URLSearchParams(location.search);
  query.set(link.dataset.navQuestion, link.classList.contains("hb-nav-skip") ? NOT_GIVEN : link.dataset.navAnswer);
  url.search = query.toString();
  link.href = url.href;
}

// What the reader typed in the escalation record lives only on this page. Before a Change or Start
// again link clears it, the first click shows the warning (and goes nowhere); the next one goes on.
// Leaving the page (a link, reload, closing the tab) asks the browser's own question.

function recordNow() {
  return JSON.stringify([...nav.querySelectorAll(".hb-record-form input, .hb-record-form textarea, .hb-record-form select")]
    .map((field) => field.value));
}

function typedInRecord() {
  return nav.querySelector(".hb-record-form") !== null && recordNow() !== recordAsFilled;
}

function recordWouldBeLost(event) {
  const warning = nav.querySelector("[data-record-unsaved]");
  if (!warning || warnedAboutRecord || !typedInRecord()) return false;
  event.preventDefault();
  warnedAboutRecord = true;
  warning.hidden = false;
  warning.focus();
  return true;
}

function onClick(event) {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const print = target.closest(".hb-nav-print");
  if (print) { printRecord(); return; }
  if (!plainClick(event)) return;
  if (!engine) { carryAnswers(target); return; }
  const option = target.closest("a.hb-nav-option");
  if (option) {
    event.preventDefault();
    const question = currentQuestion();
    const value = option.dataset.navAnswer;
    go({ ...state.answers, [option.dataset.navQuestion]: value }, {
      answered: { question: option.dataset.navQuestion, value,
        record: { text: question.text, type: question.type, label: option.textContent } },
    });
    return;
  }
  const skip = target.closest("a.hb-nav-skip");
  if (skip && skip.dataset.navQuestion) {   // "continue without": the core takes "-" as no value
    event.preventDefault();
    const question = currentQuestion();
    go({ ...state.answers, [skip.dataset.navQuestion]: NOT_GIVEN }, {
      answered: { question: skip.dataset.navQuestion, value: NOT_GIVEN, record: { text: question.text, type: question.type, label: "Not given" } },
    });
    return;
  }
  if (target.closest("a.hb-nav-change, a.hb-nav-start-again") && recordWouldBeLost(event)) return;
  const change = target.closest("a.hb-nav-change");
  if (change) {  // back to that question, with the answers before it (and the old answer to hand);
    event.preventDefault();   // once it is answered, the core keeps the later answers that still hold
    const ids = [...nav.querySelectorAll(".hb-nav-answer")].map((item) => item.dataset.navQuestion);
    const at = ids.indexOf(change.closest(".hb-nav-answer").dataset.navQuestion);
    const earlier = { ...(state.changing || {}), ...state.answers };
    go(pick(state.answers, ids.slice(0, at)), { previous: earlier, changing: earlier });
    return;
  }
  if (target.closest("a.hb-nav-start-again")) {
    event.preventDefault();
    go({}, { previous: state.answers, changing: null });
  }
}

function onSubmit(event) {
  const form = event.target.closest("form.hb-nav-date, form.hb-nav-choice");
  if (!form) return;
  event.preventDefault();
  if (!engine) {   // the core is still loading: go on as the static form would, answers carried
    const target = staticTarget(form);
    if (target) location.assign(target); else form.reportValidity();
    return;
  }
  const question = currentQuestion();
  if (form.classList.contains("hb-nav-choice")) {
    const radio = form.querySelector("input.hb-radio-input:checked");
    const value = radio ? radio.value : "";
    const label = radio ? form.querySelector(`label[for="${CSS.escape(radio.id)}"]`).textContent : "";
    go({ ...state.answers, [form.dataset.navQuestion]: value }, {
      answered: { question: form.dataset.navQuestion, value, record: { text: question.text, type: question.type, label } },
    });
    return;
  }
  const value = typed(form);
  go({ ...state.answers, [form.dataset.navQuestion]: value }, {
    answered: { question: form.dataset.navQuestion, value, record: { text: question.text, type: question.type, label: value } },
  });
}

function onPopState(event) {
  if (!engine || !event.state || !event.state.answers) return;
  state = { answers: event.state.answers, records: event.state.records || {}, changing: event.state.changing || null };
  go(state.answers, { push: false });
}

// ------------------------------------------------------------------------------------- start

async function main() {
  if (!nav) return;
  for (const actions of nav.querySelectorAll(".hb-nav-actions")) actions.hidden = false;  // printing needs no core
  enhanceChoices(nav);
  const kept = readStaticPage().answers[nav.dataset.navNode];   // a question the reader comes back to
  if (kept !== undefined) {
    for (const radio of nav.querySelectorAll("input.hb-radio-input")) radio.checked = radio.value === kept;
    const form = nav.querySelector("form.hb-nav-date");
    if (form && kept !== NOT_GIVEN) setTyped([...form.querySelectorAll("input")], kept);
  }
  nav.addEventListener("click", onClick);
  window.addEventListener("beforeunload", (event) => { if (typedInRecord()) event.preventDefault(); });
  nav.addEventListener("submit", onSubmit);
  html.dataset.navigator = "loading";
  setStatus("Loading the date calculator. You can answer and go on meanwhile; dates appear once it is ready…");
  try {
    engine = await startEngine(assetsUrl, (message) => setStatus(message + "…"));
  } catch (error) {
    engine = null;
    html.dataset.navigator = "failed";
    for (const form of nav.querySelectorAll("form.hb-nav-date")) form.hidden = true;   // a date could not be used
    setStatus("The date calculator could not start in this browser. These pages still work without it: each timescale is given in words.");
    return;
  }
  state = readStaticPage();
  absoluteLinks();
  for (const form of nav.querySelectorAll("form.hb-nav-date")) form.hidden = false;
  for (const note of nav.querySelectorAll(".hb-nav-needs-js")) note.hidden = true;
  window.addEventListener("popstate", onPopState);
  html.dataset.engine = engine.kind;
  if (Object.keys(state.answers).length) {
    await go(state.answers, { push: false });   // answers kept in the address: show them, with the dates
  } else {
    history.replaceState(state, "", location.href);
  }
  html.dataset.navigator = "ready";
  setStatus("Ready: dates are worked out in this browser, and nothing you enter leaves it.");
}

main();
