// Lays out flowcharts with Graphviz compiled to WebAssembly (the pinned @viz-js/viz), once per build.
// generator/flowchart.py calls it with one argument, a JSON file holding {"viz": path to the package's
// dist/viz.js, "graphs": [DOT text, ...]}, and reads from stdout {"version": Graphviz version,
// "svgs": [SVG text, ...]} in the same order. A graph Graphviz refuses stops the run with one line
// on stderr naming it; flowchart.py turns that into a build error.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { instance } = await import(pathToFileURL(job.viz).href);
const viz = await instance();
const svgs = job.graphs.map((dot, i) => {
  const result = viz.render(dot, { format: "svg" });
  if (result.status !== "success") {
    const why = result.errors.map((e) => e.message.trim()).join("; ");
    process.stderr.write(`graph ${i}: Graphviz could not lay it out: ${why}\n`);
    process.exit(1);
  }
  return result.output;
});
process.stdout.write(JSON.stringify({ version: viz.graphvizVersion, svgs }));
