import { quietNodeVersionWarning } from "../packages/local/src/quiet-node-version-warning";

quietNodeVersionWarning();
