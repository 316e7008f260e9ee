// Navigator page: hands the form's answers to the Python rule core and renders its JSON answer.
// State for tests and monitoring: <html data-navigator="loading|ready|failed">.
import { startEngine } from "./engine.js";

const root = document.documentElement;
const form = document.getElementById("hb-deadline-form");
const status = document.getElementById("hb-status");
const errorBox = document.getElementById("hb-error");
const result = document.getElementById("hb-result");
const assetsUrl = new URL("../", import.meta.url).href;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

function longDate(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", {
    weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
  });
}

// The reading label's markup comes from the page (a <template> made by the same Jinja macro as every
// other page's label), so its shape is written once; the core gives the words.
function timescaleCell(stage) {
  const words = el("span", { class: "hb-timescale" }, stage.timescale || "none stated");
  const cell = el("td", {}, words);
  const label = document.getElementById("hb-reading-label");
  if (stage.reading && label) {
    words.setAttribute("data-read", "1");
    const node = label.content.firstElementChild.cloneNode(true);
    node.append(stage.reading);
    cell.append(" ", node);
  }
  return cell;
}

function render(answer) {
  const table = el("table", { class: "hb-deadlines", id: "hb-deadlines" });
  table.append(el("caption", {}, `Raised ${longDate(answer.raised)}: latest date each stage's response is due`));
  const head = el("tr", {}, el("th", { scope: "col" }, "Stage"), el("th", { scope: "col" }, "Timescale"),
    el("th", { scope: "col" }, "Response due by"));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const stage of answer.stages) {
    const due = stage.due ? el("time", { datetime: stage.due }, longDate(stage.due)) : "No date: " + (stage.timescale || "no timescale stated");
    body.append(el("tr", { "data-stage": stage.id, "data-due": stage.due || "" },
      el("th", { scope: "row" }, `${stage.number != null ? `Stage ${stage.number}: ` : ""}${stage.title}`),
      timescaleCell(stage), el("td", {}, due)));
  }
  table.append(body);
  result.replaceChildren(table);
  if (answer.cap) {
    const cap = el("p", { class: "hb-cap-note", "data-cap-due": answer.cap.due || "" },
      `${answer.cap.text} Whole process due by: ${answer.cap.due ? longDate(answer.cap.due) : "no date"}.`);
    if (answer.cap.exceeded_by_stages) cap.append(" The stage dates above run past this total limit.");
    result.append(cap);
  }
}

async function main() {
  if (!form) return;
  root.dataset.navigator = "loading";
  let engine;
  try {
    engine = await startEngine(assetsUrl, (message) => { status.textContent = message + "…"; });
  } catch (error) {
    root.dataset.navigator = "failed";
    status.textContent = "The date calculator could not start here. The timescales are listed on each procedure's page.";
    return;
  }
  root.dataset.navigator = "ready";
  root.dataset.engine = engine.kind;
  status.textContent = "Ready.";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.textContent = "";
    const [procedure, pathway] = form.elements.pathway.value.split("|");
    const answer = await engine.call("stage_deadlines", { procedure, pathway, raised: form.elements.raised.value });
    if (answer.error) {
      errorBox.textContent = answer.error;
      form.elements.raised.setAttribute("aria-invalid", "true");
      form.elements.raised.focus();
      return;
    }
    form.elements.raised.removeAttribute("aria-invalid");
    render(answer.ok);
  });
}

main();
