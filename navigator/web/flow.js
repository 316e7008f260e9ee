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

const WARNING_WORDS = {
  bypass: "You may skip stages", "total-cap": "Total time limit", overdue: "Overdue",
  "automatic-referral": "Automatic referral", gap: "Missing from the source",
  contradiction: "Contradiction in the source", reading: "How the handbook reads the source",
  typo: "Error in the source", "missing-reference": "Refers to a document not included", outdated: "Out of date",
};
const STRONG_WARNINGS = new Set(["gap", "contradiction", "typo", "total-cap", "automatic-referral", "overdue"]);
const HOURS_WORDS = { "office-hours": "office hours", "out-of-hours": "out of hours", any: "at any time" };
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

let engine = null;
let busy = false;
let state = null;          // {answers: {question id: answer}, records: {question id: {text, type, label}}}
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

function dateNode(iso) { return el("time", { datetime: iso, class: "hb-nav-due" }, longDate(iso)); }

function partialDate(text) {
  if (!text) return "";
  const parts = String(text).split("-");
  if (parts.length === 1) return parts[0];
  const month = MONTHS[Number(parts[1]) - 1];
  return parts.length === 2 ? `${month} ${parts[0]}` : `${Number(parts[2])} ${month} ${parts[0]}`;
}

function siteHref(path) { return new URL(path, siteRoot).href; }

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
function readStaticPage() {
  const answers = {};
  for (const [id, value] of new URLSearchParams(location.search)) if (id && value !== "") answers[id] = value;
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
  nodes.push(el("p", { class: "hb-nav-restart" }, el("a", { class: "hb-nav-start-again", href: siteHref(START) }, "Start again")));
  return nodes;
}

function renderQuestion(question, path, answers, records, previous = {}) {
  const nodes = [el("h1", { id: "hb-nav-heading", tabindex: "-1" }, question.text)];
  if (question.hint) nodes.push(el("p", { class: "hb-nav-hint", id: "hb-nav-hint" }, question.hint));
  if (question.type === "date" || question.type === "number") {
    const input = el("input", { type: "text", id: "hb-nav-input", name: "answer", inputmode: "numeric",
      autocomplete: "off", spellcheck: "false",
      "aria-describedby": (question.hint ? "hb-nav-hint " : "") + "hb-nav-error" });
    if (previous[question.id]) input.value = previous[question.id];
    const words = question.type === "date" ? "Date, as YYYY-MM-DD"
      : `Number${question.min !== undefined && question.max !== undefined ? `, from ${question.min} to ${question.max}` : ""}`;
    nodes.push(el("form", { class: "hb-nav-date", "data-nav-question": question.id, "data-nav-input": question.type, novalidate: true },
      el("p", {}, el("label", { for: "hb-nav-input" }, words), el("br"), input),
      el("p", { class: "hb-error", id: "hb-nav-error", role: "alert" }),
      el("p", {}, el("button", { type: "submit", class: "md-button md-button--primary" }, "Continue"))));
    nodes.push(el("p", {}, el("a", { class: "hb-nav-skip", href: pageUrl(`${question.next}/`, path, answers),
      "data-nav-question": question.id }, question.type === "date" ? "Continue without a date" : "Continue without a number")));
  } else {
    nodes.push(el("ul", { class: "hb-nav-options" },
      question.options.map((c) => el("li", {}, el("a", { class: "hb-nav-option", href: pageUrl(`${c.next}/`, path, { ...answers, [question.id]: c.id }),
        "data-nav-question": question.id, "data-nav-answer": c.id }, c.label)))));
  }
  nodes.push(...answersList(path, answers, records));
  return nodes;
}

function cite(c, outcome) {
  if (!c || !c.section) return "";
  const titles = procedureTitles(outcome);
  const own = outcome.procedure && c.procedure === outcome.procedure.id;
  const prefix = !own && titles[c.procedure] ? `${titles[c.procedure]}, ` : "";
  return el("span", { class: "hb-cite" }, `(${prefix}${c.section})`);
}

function procedureTitles(outcome) {
  const out = {};
  const overlap = outcome.overlap || {};
  for (const v of [outcome.procedure, overlap.followed, overlap.other]) if (v) out[v.id] = v.short_title || v.title;
  return out;
}

function stageName(st) { return (st.number !== null && st.number !== undefined ? `Stage ${st.number}: ` : "") + st.title; }

function contactList(contacts) {
  return el("ul", { class: "hb-inline-list hb-nav-contacts" }, contacts.map((ct) => el("li", {},
    ct.label, HOURS_WORDS[ct.hours] && !ct.label.toLowerCase().includes(HOURS_WORDS[ct.hours]) ? ` (${HOURS_WORDS[ct.hours]})` : "", ": ",
    ct.phone ? [el("a", { href: `tel:${ct.phone.replaceAll(" ", "")}` }, ct.phone), " "] : "",
    ct.email ? [el("a", { href: `mailto:${ct.email}` }, ct.email), " "] : "",
    ct.url ? [el("span", { class: "hb-url" }, ct.url), " "] : "",
    el("span", { class: "hb-cite" }, `(published ${partialDate(ct.published)}; ${ct.last_verified ? "last checked " + partialDate(ct.last_verified) : "not checked since"})`),
    ct.for ? [el("br"), el("span", { class: "hb-cite" }, ct.for)] : "")));
}

function stageSection(st, heading, outcome, extraClass = "") {
  const facts = el("dl", { class: "hb-step-facts" });
  if (st.who_acts.length) facts.append(el("dt", {}, "Who acts"), el("dd", {}, st.who_acts.join("; ")));
  if (st.contact.length) facts.append(el("dt", {}, "Goes to"), el("dd", {}, st.contact.map((c) => c.name).join("; ")));
  if (st.contacts.length) facts.append(el("dt", {}, "Contact"), el("dd", {}, contactList(st.contacts)));
  facts.append(el("dt", {}, "Timescale"), el("dd", {}, st.timescale || "none stated",
    st.timescale_text && st.timescale_text !== st.timescale ? [" ", el("span", { class: "hb-source-words" }, `(the source says “${st.timescale_text}”)`)] : ""));
  if (st.due) facts.append(el("dt", {}, "Response due by"), el("dd", { "data-due": st.due }, dateNode(st.due)));
  return el("section", { class: `hb-nav-stage ${extraClass}`.trim(), "data-stage": st.id, "data-due": st.due || "" },
    el("h2", {}, `${heading}: ${st.number !== null && st.number !== undefined ? `Stage ${st.number}, ` : ""}${st.title}`),
    facts,
    st.actions.length ? el("ul", { class: "hb-actions" }, st.actions.map((a) => el("li", {}, a))) : "",
    el("p", {}, el("a", { href: siteHref(st.link) }, "This stage in the handbook"), " ", cite(st.cite, outcome)));
}

function outcomeHeading(o) {
  if (o.kind === "pathway") return o.pathway.title;
  if (o.kind === "schedule") return o.schedule.title;
  if (o.kind === "rule") return o.rule.title;
  if (o.kind === "act-now") return "Act now";
  return "No route set out for this";
}

function itemList(items) {
  return el("ul", {}, items.map((i) => el("li", { "data-item": i.id }, el("strong", {}, i.label),
    i.due && i.due.length ? el("ul", {}, i.due.map((d) => el("li", {}, d))) : "")));
}

function renderOutcome(o, path, answers, records) {
  const nodes = [el("h1", { id: "hb-nav-heading", tabindex: "-1" }, outcomeHeading(o)),
    el("p", { class: "hb-nav-lead" }, o.text)];
  const d = o.deadlines;
  const summary = el("dl", {});
  if (o.procedure) summary.append(el("dt", {}, "Procedure"), el("dd", {}, el("a", { href: siteHref(o.procedure.href) }, o.procedure.title), ` (${o.procedure.version})`));
  if (o.area) summary.append(el("dt", {}, "Area"), el("dd", {}, o.area.name));
  if (o.pathway) {
    summary.append(el("dt", {}, "Pathway"), el("dd", {}, o.pathway.title),
      el("dt", {}, "Stage reached"), el("dd", {}, o.current_stage ? stageName(o.current_stage) : "Not started yet"),
      el("dt", {}, "Next step"), el("dd", {}, o.next_stage ? stageName(o.next_stage) : "No further stage"));
    if (o.current_stage && o.current_stage.due) {
      summary.append(el("dt", {}, "Response due"), el("dd", { class: "hb-summary-due" }, `At ${o.current_stage.number !== null && o.current_stage.number !== undefined ? `stage ${o.current_stage.number}` : "this stage"}, by `,
        dateNode(o.current_stage.due), o.next_stage ? "; without a response by then, the escalation can move to the next step." : "."));
    }
  }
  if (d && d.raised) {
    summary.append(el("dt", {}, "Counted from"), el("dd", { "data-raised": d.raised }, dateNode(d.raised),
      d.raised_assumed_today ? " (today: no date raised was given, so the dates show what happens if it is raised today)" : " (the date raised)"));
  }
  nodes.push(el("div", { class: "hb-summary" },
    el("p", { class: "hb-print-only hb-print-line" }, "Escalation record from the escalation handbook, printed ", longDate(todayIso()),
      ". Procedures change: check the handbook for the current version before you rely on this copy."),
    summary));

  const events = calendarEvents(o);
  const actions = el("p", { class: "hb-nav-actions hb-no-print" });
  if (events.length) {
    if (icsUrl) URL.revokeObjectURL(icsUrl);
    icsUrl = URL.createObjectURL(new Blob([icsText(events)], { type: "text/calendar" }));
    actions.append(el("a", { class: "md-button hb-nav-ics", href: icsUrl, download: `escalation-${o.id}.ics` }, "Download deadlines (.ics)"));
  }
  actions.append(el("button", { type: "button", class: "md-button hb-nav-print" }, "Print escalation record"));
  nodes.push(actions);

  if (o.pathway && o.pathway.summary) nodes.push(el("p", {}, o.pathway.summary, " ", cite(o.pathway.cite, o)));
  if (o.before.length) nodes.push(el("h2", {}, "Before you start"), el("ul", {}, o.before.map((b) => el("li", {}, b.text, " ", cite(b.cite, o)))));
  if (o.current_stage) nodes.push(stageSection(o.current_stage, "Where it is now", o));
  if (o.next_stage) nodes.push(stageSection(o.next_stage, "Next step", o, "hb-record-keep"));

  if (d && d.error) {
    nodes.push(el("h2", {}, "Timescales"), el("p", { class: "hb-error" }, d.error));
  } else if (d && d.stages && d.stages.length) {
    const body = el("tbody", {}, d.stages.map((s) => el("tr", { "data-stage": s.id, "data-due": s.due || "" },
      el("th", { scope: "row" }, stageName(s)), el("td", {}, s.timescale || "none stated"),
      el("td", {}, s.due ? dateNode(s.due) : "No date"))));
    nodes.push(el("h2", { class: "hb-record-keep" }, "Timescales"),
      el("p", { class: "hb-record-keep" }, "The latest date each stage's response is due, if every stage takes its full time: a stage starts at the latest when the one before it was due. Weekends and bank holidays are skipped where the timescale is in working days."),
      el("div", { class: "hb-table-wrap hb-record-keep", role: "region", tabindex: "0", "aria-label": "Due date of each stage (table, scrolls sideways)" }, el("table", { class: "hb-deadlines hb-nav-deadlines", id: "hb-nav-deadlines" },
        el("caption", {}, `Counted from ${longDate(d.raised)}`),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Stage"), el("th", { scope: "col" }, "Timescale"), el("th", { scope: "col" }, "Response due by"))),
        body)));
    if (d.cap) {
      nodes.push(el("p", { class: "hb-cap-note hb-record-keep", "data-cap-due": d.cap.due || "" }, d.cap.text, " The whole process: ",
        d.cap.timescale, ", so due by ", d.cap.due ? dateNode(d.cap.due) : "no date", ".",
        d.cap.exceeded_by_stages ? " The stage dates above run past this total limit: work to the earlier date." : ""));
    }
  }

  if (o.rule) {
    const r = o.rule;
    nodes.push(el("section", { class: "hb-nav-rule", "data-rule": r.id },
      o.kind !== "rule" ? el("h2", {}, r.title) : "",
      el("p", {}, r.text, " ", cite(r.cite, o)),
      r.steps.length ? el("ol", {}, r.steps.map((s) => el("li", {}, s))) : "",
      r.timescale && r.timescale !== "no timescale stated" ? el("p", {}, el("strong", {}, "Timescale:"), ` ${r.timescale}`,
        r.due ? [", so by ", dateNode(r.due)] : "", ".") : "",
      r.due_error ? el("p", { class: "hb-error" }, r.due_error) : "",
      el("p", {}, el("a", { href: siteHref(r.link) }, "This rule in the handbook"))));
  }
  if (o.contacts.length) nodes.push(el("h2", {}, "Who to contact"), contactList(o.contacts));

  if (o.schedule) {
    const sc = o.schedule;
    const section = el("section", { class: "hb-nav-schedule", "data-schedule": sc.id },
      o.kind !== "schedule" ? el("h2", {}, sc.title) : "",
      el("p", {}, el("strong", {}, "Counted from:"), ` ${sc.from}`),
      sc.text ? el("p", {}, sc.text, " ", cite(sc.cite, o)) : "");
    if (sc.kind === "cp-plan-reviews") {
      section.append(el("p", {}, "Initial child protection conference: ", dateNode(sc.initial_conference), "."),
        el("h2", {}, "Review points"),
        el("ul", { class: "hb-nav-schedule-items" }, sc.items.map((i) => el("li", { "data-item": i.id, "data-date": i.date },
          el("strong", {}, i.label), `: ${i.months} months after the initial conference, `, dateNode(i.date), ".",
          i.due.length ? el("ul", {}, i.due.map((x) => el("li", {}, x))) : "", " ", cite(i.cite, o)))));
      if (sc.next_item) section.append(el("p", {}, el("strong", {}, "Next: "), sc.next_item.label, ", ", dateNode(sc.next_item.date), "."));
    } else if (sc.kind === "plan-count") {
      if (sc.triggers.applies) section.append(el("p", { class: "hb-nav-trigger" }, el("strong", {}, "The automatic referral to the Escalation Panel applies.")));
      section.append(el("h2", {}, "Where the child is in the chart"), itemList(sc.reached));
      if (sc.next.length) section.append(el("h2", {}, "What comes next in the chart"), itemList(sc.next));
    }
    nodes.push(section);
  }
  if (o.record.length) nodes.push(el("h2", {}, "What to record"), el("ul", { class: "hb-record" }, o.record.map((r) => el("li", {}, r.text, " ", cite(r.cite, o)))));
  if (o.escalation_record) nodes.push(renderRecord(o.escalation_record, o));
  if (o.warnings.length) {
    nodes.push(el("h2", {}, "Check these"));
    for (const w of o.warnings) {
      nodes.push(el("div", { class: `admonition ${STRONG_WARNINGS.has(w.kind) ? "warning" : "note"} hb-nav-warning`, "data-warning": w.kind },
        el("p", { class: "admonition-title" }, WARNING_WORDS[w.kind] || "Note"),
        el("p", {}, w.text, " ", cite(w.cite, o))));
    }
  }
  if (o.extensions) nodes.push(el("p", {}, el("strong", {}, "More time:"), ` ${o.extensions.text} `, cite(o.extensions.cite, o)));
  if (o.also_possible.length) {
    nodes.push(el("h2", {}, "Also possible"), el("ul", {}, o.also_possible.map((st) => el("li", {},
      el("a", { href: siteHref(st.link) }, stageName(st)), `: ${st.timescale || "no timescale stated"}.`,
      st.actions.length ? ` ${st.actions.join(" ")}` : ""))));
  }
  if (o.related_rules.length) {
    nodes.push(el("h2", {}, "Also in this procedure"), el("ul", { class: "hb-nav-related" }, o.related_rules.map((r) => el("li", {},
      el("a", { href: siteHref(r.link) }, r.title), `: ${r.text}`,
      r.timescale && r.timescale !== "no timescale stated" ? [" ", el("strong", {}, "Timescale:"), ` ${r.timescale}`, r.due ? [", so by ", dateNode(r.due)] : "", "."] : "",
      " ", cite(r.cite, o)))));
  }
  if (o.overlap) {
    nodes.push(el("h2", {}, "Two documents cover this"), el("p", {}, o.overlap.text), el("p", {}, o.overlap.relation));
    if (o.overlap.other_pathways.length) {
      nodes.push(el("p", {}, "In the other document: ", o.overlap.other_pathways.map((p, i) =>
        [i ? "; " : "", el("a", { href: siteHref(p.href) }, p.title)])));
    }
  }
  if (o.links.length) nodes.push(el("h2", {}, "In the handbook"), el("ul", { class: "hb-nav-links" }, o.links.map((l) => el("li", {}, el("a", { href: siteHref(l.href) }, l.label)))));
  nodes.push(el("h2", {}, "Why this answer"), el("ul", { class: "hb-nav-why" }, o.why.map((w) => el("li", { "data-nav-question": w.question },
    `${w.question_text} `, el("strong", {}, isIsoDate(w.answer) && (records[w.question] || {}).type === "date" ? longDate(w.answer) : w.answer_label),
    w.cite.map((c) => [" ", cite(c, o)])))));
  const seen = new Set();
  const sources = o.sources.filter((c) => { const k = `${c.procedure}|${c.section}`; if (seen.has(k)) return false; seen.add(k); return true; });
  if (sources.length) nodes.push(el("p", {}, "Sources: ", sources.map((c, i) => [i ? " " : "", cite(c, o)])));
  nodes.push(...answersList(path, answers, records));
  return nodes;
}

// The escalation record: the procedure's own form where the source gives its fields, else the
// handbook's short record. The same section as generator/templates/nav_record.md.j2, plus the dates
// known here. Its fields are in no <form>, so nothing typed can be submitted, and nothing reads them.
function renderRecord(rec, o) {
  const d = o.deadlines;
  const raised = d && d.raised && !d.raised_assumed_today ? d.raised : null;
  const section = el("section", { class: "hb-record-form", "aria-labelledby": "hb-record-heading",
    "data-record-form": rec.form ? rec.form.id : "handbook" },
  el("h2", { id: "hb-record-heading" }, rec.form ? rec.form.title : "Your escalation record"));
  if (rec.form) {
    if (rec.form.purpose) section.append(el("p", {}, rec.form.purpose, " ", cite(rec.form.cite, o)));
    if (rec.form.completed_by) section.append(el("p", {}, el("strong", {}, "Completed by:"), ` ${rec.form.completed_by}`));
    if (rec.form.return_to) section.append(el("p", {}, el("strong", {}, "Returning it:"), ` ${rec.form.return_to.text} `, cite(rec.form.return_to.cite, o)));
    section.append(el("p", { class: "hb-no-print" }, "The fields below are the form's own, pre-filled with what the navigator knows. ",
      el("a", { href: siteHref(rec.form.href) }, "The form in the handbook")));
  } else {
    section.append(el("p", {}, "A record of this escalation to print or keep as a PDF, with what the navigator knows filled in.",
      rec.named_form ? [` ${o.procedure.title} records escalations on the `, el("a", { href: siteHref(rec.named_form.href) }, rec.named_form.title),
        rec.named_form.completed_by ? ` (completed by: ${rec.named_form.completed_by})` : "",
        "; the source does not give that form's fields, so this record does not replace it. ", cite(rec.named_form.cite, o)] : ""));
  }
  section.append(el("p", { class: "hb-record-privacy hb-no-print" }, "What you type here stays on this page: it is not sent anywhere and not saved, and it is gone when you leave the page or change an answer. Print it (or save it as a PDF from the print dialogue) before you go, or print it blank and fill it in by hand."));
  const fields = el("div", { class: "hb-record-fields" });
  for (const f of rec.fields) {
    const id = `hb-rec-${f.id}`;
    const box = el("div", { class: `hb-record-field hb-field--${f.type}`, "data-field": f.id });
    if (f.type === "signature") {
      box.append(el("span", { class: "hb-record-label", id }, f.label),
        el("span", { class: "hb-record-sign", "aria-describedby": id }, "Sign on the printed copy."));
    } else {
      box.append(el("label", { for: id }, f.label));
      if (f.type === "long-text") box.append(el("textarea", { id, rows: 4, autocomplete: "off" }, f.value || ""));
      else if (f.type === "date") box.append(el("input", { type: "date", id, autocomplete: "off", value: f.value }));
      else if (f.type === "stage") {
        box.append(el("select", { id, autocomplete: "off" }, el("option", { value: "", selected: !f.value }, "Not stated"),
          f.options.map((opt) => el("option", { value: opt.id, selected: f.value === opt.id }, opt.label))));
        if (rec.form && rec.stage_reached) box.append(el("span", { class: "hb-record-hint" }, `Stage reached so far: ${rec.stage_reached}.`));
      } else box.append(el("input", { type: "text", id, autocomplete: "off", value: f.value }));
      if (f.type === "duration" && raised) box.append(el("span", { class: "hb-record-hint" }, "Raised on ", dateNode(raised), "."));
    }
    fields.append(box);
  }
  section.append(fields);
  return section;
}

// ------------------------------------------------------------------------------- calendar (.ics)

function calendarEvents(o) {
  const events = [];
  const short = o.procedure ? (o.procedure.short_title || o.procedure.title) : "Escalation";
  const add = (date, summary, description, id) => {
    if (date && isIsoDate(date) && !events.some((e) => e.date === date && e.summary === summary)) events.push({ date, summary, description, id });
  };
  const d = o.deadlines;
  if (d && d.stages) {
    for (const s of d.stages) add(s.due, `Response due: ${stageName(s)} (${short})`, `${s.timescale || ""} from ${longDate(s.starts)}.`, `stage-${s.id}`);
    if (d.cap && d.cap.due) add(d.cap.due, `Whole process due: total time limit (${short})`, d.cap.text, "cap");
  }
  if (o.rule && o.rule.due) add(o.rule.due, `${o.rule.title} (${short})`, o.rule.text, `rule-${o.rule.id}`);
  for (const r of o.related_rules) if (r.due) add(r.due, `${r.title} (${short})`, r.text, `rule-${r.id}`);
  if (o.schedule && o.schedule.items) for (const i of o.schedule.items) add(i.date, `${i.label} (${short})`, i.due.join(" "), `item-${i.id}`);
  return events;
}

function icsEscape(text) {
  return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

function icsFold(line) {
  const out = [];
  let rest = line;
  while (new TextEncoder().encode(rest).length > 73) {
    let cut = 73;
    while (new TextEncoder().encode(rest.slice(0, cut)).length > 73) cut -= 1;
    out.push(rest.slice(0, cut));
    rest = " " + rest.slice(cut);
  }
  out.push(rest);
  return out.join("\r\n");
}

function icsText(events) {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const day = (iso) => iso.replace(/-/g, "");
  const next = (iso) => {
    const [y, m, d] = iso.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10).replace(/-/g, "");
  };
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//The escalation handbook//Navigator//EN", "CALSCALE:GREGORIAN"];
  for (const e of events) {
    lines.push("BEGIN:VEVENT", `UID:${e.date}-${e.id}-${stamp}@escalation-handbook`, `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${day(e.date)}`, `DTEND;VALUE=DATE:${next(e.date)}`,
      `SUMMARY:${icsEscape(e.summary)}`, `DESCRIPTION:${icsEscape(e.description || "")}`, "TRANSP:TRANSPARENT", "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(icsFold).join("\r\n") + "\r\n";
}

// ------------------------------------------------------------------------------ talking to the core

async function ask(answers) {
  return engine.call("next_step", { answers, today: todayIso() });
}

function show(step, answers, records, previous) {
  const body = nav.querySelector(".hb-nav-body");
  let nodes;
  if (step.question) {
    nav.dataset.navKind = "question";
    nav.dataset.navNode = step.question.id;
    nav.dataset.navType = step.question.type;
    nodes = renderQuestion(step.question, step.path, answers, records, previous);
  } else {
    nav.dataset.navKind = "outcome";
    nav.dataset.navNode = step.outcome.id;
    delete nav.dataset.navType;
    nodes = renderOutcome(step.outcome, step.path, answers, records);
  }
  nav.classList.toggle("hb-nav--outcome", !step.question);
  nav.dataset.navAnswers = JSON.stringify(answers);
  body.replaceChildren(...nodes);
  const heading = document.getElementById("hb-nav-heading");
  document.title = heading.textContent + SITE_TITLE;
  return heading;
}

function question_words(type) {
  return type === "number" ? "Enter a whole number, or continue without a number." : "Enter the date as YYYY-MM-DD, or continue without a date.";
}

function showError(message, value) {
  const form = nav.querySelector("form.hb-nav-date");
  let box = document.getElementById("hb-nav-error");
  if (!box) {  // a choice question: put the message under the question
    box = el("p", { class: "hb-error", id: "hb-nav-error", role: "alert" });
    const after = document.getElementById("hb-nav-hint") || document.getElementById("hb-nav-heading");
    after.after(box);
  }
  box.textContent = message;
  const input = form ? form.querySelector("input") : null;
  if (input) {
    if (value !== undefined) input.value = value;
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
}

// Ask the core where `answers` lead and show it. `answered` is the answer just given, if any.
async function go(answers, { push = true, answered = null, previous = {} } = {}) {
  if (busy) return;
  busy = true;
  nav.setAttribute("aria-busy", "true");
  try {
    let records = { ...state.records };
    if (answered) records[answered.question] = answered.record;
    const reply = await ask(answers);
    if (reply.error) { showError(reply.error, answered ? answered.value : undefined); return; }
    const step = reply.ok;
    if (step.error) {
      const kept = pick(answers, step.path);
      if (!answered || step.error.question !== answered.question) {
        const again = await ask(kept);
        if (again.ok && again.ok.question) {
          records = { ...records, ...recordsFrom(again.ok.trace) };
          state = { answers: kept, records };
          show(again.ok, kept, records, answers);
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
    records = { ...records, ...recordsFrom(step.trace || (step.outcome || {}).trace) };
    state = { answers: kept, records: pick(records, step.path) };
    const url = pageUrl(step.page, step.path, kept);
    if (push) history.pushState(state, "", url); else history.replaceState(state, "", url);
    show(step, kept, records, previous).focus();
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

function onClick(event) {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const print = target.closest(".hb-nav-print");
  if (print) { printRecord(); return; }
  if (!engine || !plainClick(event)) return;
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
  const change = target.closest("a.hb-nav-change");
  if (change) {  // back to that question, with the answers before it (and the old answer to hand)
    event.preventDefault();
    const ids = [...nav.querySelectorAll(".hb-nav-answer")].map((item) => item.dataset.navQuestion);
    const at = ids.indexOf(change.closest(".hb-nav-answer").dataset.navQuestion);
    go(pick(state.answers, ids.slice(0, at)), { previous: state.answers });
    return;
  }
  if (target.closest("a.hb-nav-start-again")) {
    event.preventDefault();
    go({}, { previous: state.answers });
  }
}

function onSubmit(event) {
  const form = event.target.closest("form.hb-nav-date");
  if (!form) return;
  event.preventDefault();
  if (!engine) return;
  const question = currentQuestion();
  const value = form.querySelector("input").value.trim();
  go({ ...state.answers, [form.dataset.navQuestion]: value }, {
    answered: { question: form.dataset.navQuestion, value, record: { text: question.text, type: question.type, label: value } },
  });
}

function onPopState(event) {
  if (!engine || !event.state || !event.state.answers) return;
  state = { answers: event.state.answers, records: event.state.records || {} };
  go(state.answers, { push: false });
}

// ------------------------------------------------------------------------------------- start

async function main() {
  if (!nav) return;
  for (const actions of nav.querySelectorAll(".hb-nav-actions")) actions.hidden = false;  // printing needs no core
  nav.addEventListener("click", onClick);
  nav.addEventListener("submit", onSubmit);
  html.dataset.navigator = "loading";
  setStatus("Loading the date calculator…");
  try {
    engine = await startEngine(assetsUrl, (message) => setStatus(message + "…"));
  } catch (error) {
    engine = null;
    html.dataset.navigator = "failed";
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
