// The Options editor, in place under the action bar: the options line modmgrd writes for the
// module (space-separated key=value; empty clears it), checked against the declared types
// like the Load form's fields before SetOptions is called. Errors in #action-error.
import { call } from "./bus.js";
import { parameterProblem, splitParameter } from "./params.js";
import { showActionError } from "./action-error.js";

let module = null;
let types = {};
let afterChange = null;

// The words of modmgrd's own options line ("options NAME a=1 b=2").
function managedOptions(configuration, name) {
    const line = (configuration.config_sources || [])
            .find(([kind, , , , managed]) => kind === "options" && managed);
    return line ? line[3].trim().split(/\s+/).slice(2).join(" ") : "";
}

export function openOptions(info, configuration, done) {
    module = info.name;
    afterChange = done;
    types = Object.fromEntries((info.parameters || []).map(([name, type]) => [name, type]));
    const form = document.getElementById("options-form");
    const input = document.getElementById("options-input");
    input.value = managedOptions(configuration, info.name);
    form.hidden = false;
    input.focus();
}

function submit(event) {
    event.preventDefault();
    const words = document.getElementById("options-input").value.trim().split(/\s+/).filter(Boolean);
    for (const word of words) {
        const [name, value] = splitParameter(word);
        const problem = name in types ? parameterProblem(name, types[name], value) : null;
        if (problem) {
            showActionError({ message: problem });
            return;
        }
    }
    showActionError(null);
    call("SetOptions", "sast", [module, words, 0])
            .then(() => {
                document.getElementById("options-form").hidden = true;
                afterChange();
            })
            .catch(showActionError);
}

export function start() {
    document.getElementById("options-form").addEventListener("submit", submit);
    document.getElementById("options-cancel").addEventListener("click", () => {
        document.getElementById("options-form").hidden = true;
    });
}
