/**
 * The engine worker's entry: webpack builds it into its own chunk from
 * `new Worker(new URL("./engine.worker.ts", import.meta.url))` (workerEngine.ts).
 */
import { serveEngine, type EngineScope } from "./engineService";

serveEngine(self as unknown as EngineScope);
