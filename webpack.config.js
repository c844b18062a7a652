// Builds the task pane and the ribbon function file into dist/, in the shape of the Office
// add-in template (OfficeDev/Office-Addin-TaskPane-React) minus Babel: ts-loader only transpiles,
// because `tsc --noEmit` does the type checking once for the whole project.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_ORIGIN = "https://localhost:3000";
const DEV_URL = `${DEV_ORIGIN}/`;
const DEV_PORT = 3000;

/** The URL the add-in is hosted at in production; the manifest points Excel there. */
function productionUrl() {
  const url = process.env.ADDIN_PRODUCTION_URL || DEV_URL;
  return url.endsWith("/") ? url : `${url}/`;
}

/**
 * HTTPS is what Office requires; the certificates office-addin-dev-certs creates are trusted by
 * Excel once installed, so use them when present. Otherwise webpack-dev-server makes its own
 * self-signed one. DEV_SERVER_HTTP=1 serves plain HTTP for headless browser tests.
 */
function devServerTransport() {
  if (process.env.DEV_SERVER_HTTP === "1") return { type: "http" };
  const certDir = path.join(os.homedir(), ".office-addin-dev-certs");
  const files = { key: "localhost.key", cert: "localhost.crt", ca: "ca.crt" };
  const present = Object.values(files).every((file) => fs.existsSync(path.join(certDir, file)));
  if (!present) return { type: "https" };
  const options = {};
  for (const [option, file] of Object.entries(files)) {
    options[option] = fs.readFileSync(path.join(certDir, file));
  }
  return { type: "https", options };
}

module.exports = (_env, argv) => {
  const production = argv.mode === "production";
  return {
    mode: production ? "production" : "development",
    devtool: production ? "source-map" : "eval-cheap-module-source-map",
    // taskpane.html and commands.html are templates of HtmlWebpackPlugin, which watches them;
    // listing them as entries as the template does would need html-loader, which we do not use.
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: production ? "[name].[contenthash:8].js" : "[name].js",
      chunkFilename: production ? "[name].[contenthash:8].js" : "[name].js",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            // tsconfig says noEmit for `tsc`; the loader must emit.
            options: { transpileOnly: true, compilerOptions: { noEmit: false } },
          },
        },
      ],
    },
    optimization: {
      splitChunks: {
        cacheGroups: {
          // ExcelJS is only needed when the pane runs in a plain browser and opens an .xlsx file;
          // it is reached through a dynamic import() and stays out of the initial download.
          exceljs: {
            test: /[\\/]node_modules[\\/]exceljs[\\/]/,
            name: "exceljs",
            chunks: "async",
            priority: 20,
            enforce: true,
          },
          // React, Fluent and the rest of the initial node_modules change less often than our
          // code: a separate file stays cached across releases.
          vendor: {
            test: /[\\/]node_modules[\\/]/,
            name: "vendor",
            chunks: "initial",
            priority: 10,
          },
        },
      },
    },
    performance: production
      ? {
          hints: "warning",
          // Measured (Dec 2026): the initial pane (React, Fluent, the domain) is about 930 KiB
          // minified, 277 KiB gzipped; the engine's Web Worker (`new Worker(new URL(...))` in
          // src/taskpane/engine/workerEngine.ts, its own chunk "stockrec-engine", loaded when the
          // first reconciliation starts) about 110 KiB, 35 KiB gzipped; the lazy ExcelJS chunk
          // about 920 KiB. Warn when the pane grows by a tenth (a new heavy import slipping into
          // the first load) or a chunk passes 1 MiB.
          maxEntrypointSize: 1024 * 1024,
          maxAssetSize: 1024 * 1024,
          assetFilter: (file) => file.endsWith(".js"),
        }
      : false,
    plugins: [
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
      }),
      new HtmlWebpackPlugin({
        filename: "commands.html",
        template: "./src/commands/commands.html",
        chunks: ["commands"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "[name][ext]",
            transform(content) {
              if (!production) return content;
              const url = productionUrl();
              // URLs first, then bare origins such as <AppDomain>https://localhost:3000</AppDomain>.
              return content
                .toString()
                .replaceAll(DEV_URL, url)
                .replaceAll(DEV_ORIGIN, new URL(url).origin);
            },
          },
        ],
      }),
    ],
    devServer: {
      port: DEV_PORT,
      server: devServerTransport(),
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
    },
  };
};
