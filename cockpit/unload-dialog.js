// The Unload dialog: the dry run (flag DRY_RUN) first, listing what would be removed in
// order, then the real Unload once confirmed.
import { FLAGS, call, errorText } from "./bus.js";
import { el, replaceChildren } from "./dom.js";

let module = null;
let afterUnload = null;

function showError(error) {
    const message = document.getElementById("unload-error");
    message.textContent = error ? errorText(error) : "";
    message.hidden = !error;
}

export function openUnloadDialog(name, done) {
    module = name;
    afterUnload = done;
    const dialog = document.getElementById("unload-dialog");
    const list = document.getElementById("unload-list");
    const confirm = document.getElementById("unload-confirm");
    document.getElementById("unload-title").textContent = `Unload ${name}?`;
    replaceChildren(list);
    showError(null);
    confirm.disabled = true;
    dialog.showModal();
    call("Unload", "st", [name, FLAGS.DRY_RUN])
            .then(([removed]) => {
                replaceChildren(list, removed.map(removedName => el("li", { "data-module": removedName }, removedName)));
                confirm.disabled = false;
            })
            .catch(showError);
}

function confirm() {
    const button = document.getElementById("unload-confirm");
    button.disabled = true;
    showError(null);
    call("Unload", "st", [module, 0])
            .then(() => {
                document.getElementById("unload-dialog").close();
                afterUnload();
            })
            .catch(error => {
                showError(error);
                button.disabled = false;
            });
}

export function start() {
    document.getElementById("unload-confirm").addEventListener("click", confirm);
    document.getElementById("unload-cancel").addEventListener("click",
                                                              () => document.getElementById("unload-dialog").close());
}
