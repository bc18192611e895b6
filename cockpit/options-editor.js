// The Options editor, in place under the action bar: the options line modmgrd writes for the
// module (space-separated key=value; empty clears it), checked against the declared types
// like the Load form's fields before SetOptions is called. Errors in #action-error.
// A value with blanks is written in double quotes, as in modprobe.d (key="a b"): the field
// shows the line that way and is read that way; SetOptions takes the bare value (key=a b)
// and writes the quotes itself.
import { call } from "./bus.js";
import { parameterProblem, splitParameter } from "./params.js";
import { showActionError } from "./action-error.js";

let module = null;
let types = {};
let afterChange = null;

// What follows "options NAME" on modmgrd's own options line, as written.
function managedOptions(configuration) {
    const line = (configuration.config_sources || [])
            .find(([kind, , , , managed]) => kind === "options" && managed);
    return line ? line[3].replace(/^\s*options\s+\S+\s*/, "").trimEnd() : "";
}

// The field's parameters: split on blanks outside double quotes, a quoted value unquoted
// (key="a b" -> key=a b). Returns { words } or { problem }: an unclosed double quote, or one
// anywhere but around a whole value (no parameter can contain one).
function optionWords(text) {
    if ((text.match(/"/g) || []).length % 2)
        return { problem: "A double quote is not closed." };
    const words = [];
    for (const word of text.match(/(?:[^\s"]+|"[^"]*")+/g) || []) {
        const quoted = /^([^"=]+)="([^"]*)"$/.exec(word);
        if (!quoted && word.includes('"'))
            return { problem: `Double quotes may only enclose a whole value, as in key="a b": ${word}` };
        words.push(quoted ? `${quoted[1]}=${quoted[2]}` : word);
    }
    return { words };
}

export function openOptions(info, configuration, done) {
    module = info.name;
    afterChange = done;
    types = Object.fromEntries((info.parameters || []).map(([name, type]) => [name, type]));
    const form = document.getElementById("options-form");
    const input = document.getElementById("options-input");
    input.value = managedOptions(configuration);
    form.hidden = false;
    input.focus();
}

function submit(event) {
    event.preventDefault();
    const { words, problem: quoting } = optionWords(document.getElementById("options-input").value);
    if (quoting) {
        showActionError({ message: quoting });
        return;
    }
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
