/**
 * The console's script: every page works without it (dialogs and menus are links the server
 * renders open, forms post as forms); with it, dialogs open as modals in place, row menus open
 * and move with the keyboard, and setup links and tokens copy with one click.
 */
import { enhanceCopyButtons } from "./console/copy.js";
import { enhanceDialogs } from "./console/dialogs.js";
import { enhanceMenus } from "./console/menus.js";

enhanceDialogs(document);
enhanceMenus(document);
enhanceCopyButtons(document);
