// Bundle and minify static/src into static/dist with esbuild.
// `npm run build` once, `npm run watch` while editing.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const watch = process.argv.includes("--watch");

// console.js and pages.js belong to the data pages; until they exist the
// entry imports an empty module in their place, so the shell builds alone.
const optionalModules = {
  name: "optional-modules",
  setup(build) {
    build.onResolve({ filter: /^\.\/(console|pages)\.js$/ }, (args) => {
      const file = path.join(args.resolveDir, args.path);
      if (existsSync(file)) return { path: file };
      return { path: args.path, namespace: "missing-module" };
    });
    build.onLoad({ filter: /.*/, namespace: "missing-module" }, () => ({
      contents: "export {};",
      loader: "js",
    }));
  },
};

const options = {
  // main.js imports styles.css, so the build writes app.js and app.css.
  entryPoints: { app: path.join(here, "src/main.js") },
  outdir: path.join(here, "dist"),
  entryNames: "[name]",
  bundle: true,
  minify: true,
  sourcemap: false,
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  format: "esm",
  logLevel: "info",
  plugins: [optionalModules],
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
