import { runFromProcess } from "./main";

runFromProcess();
