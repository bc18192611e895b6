// The page's entry: starts the connection and every view, and shows the view the location
// names (cockpit.location: /, /search?q=, /module/NAME, /devices, /activity).
/* global cockpit */
import * as bus from "./bus.js";
import * as permissions from "./permissions.js";
import * as signals from "./signals.js";
import * as modules from "./modules.js";
import * as loadedView from "./loaded-view.js";
import * as searchView from "./search-view.js";
import * as moduleView from "./module-view.js";
import * as actions from "./actions.js";
import * as loadDialog from "./load-dialog.js";
import * as unloadDialog from "./unload-dialog.js";
import * as optionsEditor from "./options-editor.js";
import * as devicesView from "./devices-view.js";
import * as activityView from "./activity-view.js";

const VIEWS = ["loaded", "search", "module", "devices", "activity"];

function route() {
    const [first, second] = cockpit.location.path;
    let view = "loaded";
    if (first === "search")
        view = "search";
    else if (first === "module" && second)
        view = "module";
    else if (first === "devices")
        view = "devices";
    else if (first === "activity")
        view = "activity";
    for (const name of VIEWS)
        document.getElementById("view-" + name).hidden = name !== view;
    for (const link of document.querySelectorAll("nav a[data-view]")) {
        const current = link.dataset.view === view || (view === "module" && link.dataset.view === "loaded");
        link.classList.toggle("current", current);
        if (current)
            link.setAttribute("aria-current", "page");
        else
            link.removeAttribute("aria-current");
    }
    if (view === "module")
        moduleView.show(second);
    else
        moduleView.hide();
    if (view === "search")
        searchView.show(cockpit.location.options);
    if (view === "devices")
        devicesView.show();
    else
        devicesView.hide();
}

bus.onClosed(problem => {
    const banner = document.getElementById("bus-error");
    banner.textContent = `Cannot reach modmgrd on the system bus: ${problem}`;
    banner.hidden = false;
});
const superuser = bus.start();
for (const part of [signals, modules, loadedView, searchView, moduleView, actions, loadDialog,
    unloadDialog, optionsEditor, devicesView, activityView])
    part.start();
permissions.start(superuser);
permissions.onPermissions(route);
cockpit.addEventListener("locationchanged", route);
route();
