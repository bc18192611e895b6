// The Load dialog: one field per declared parameter, each value checked against its type in
// the browser (params.js) before anything is sent; an empty field is not sent. A bus error
// is shown in #load-error with the typed error's message.
import { call, errorText } from "./bus.js";
import { el, replaceChildren } from "./dom.js";
import { PARAMETER_LIMIT, parameterProblem } from "./params.js";

let module = null;
let afterLoad = null;

function field([name, type, description], current) {
    const id = "load-parameter-" + name;
    return el("div", { class: "form-group" },
              el("label", { for: id }, el("code", {}, name), " ", el("span", { class: "type" }, type || "untyped")),
              el("input", { id, type: "text", "data-parameter": name, "data-type": type || "",
                            placeholder: current === undefined ? "" : current, autocomplete: "off" }),
              el("div", { class: "field-error", hidden: true }),
              description ? el("div", { class: "help" }, description) : null);
}

function submit(event) {
    event.preventDefault();
    const parameters = [];
    let valid = true;
    for (const input of document.querySelectorAll("#load-form input[data-parameter]")) {
        const error = input.parentElement.querySelector(".field-error");
        const value = input.value;
        const problem = value === "" ? null : parameterProblem(input.dataset.parameter, input.dataset.type, value);
        error.textContent = problem || "";
        error.hidden = !problem;
        input.setAttribute("aria-invalid", problem ? "true" : "false");
        valid = valid && !problem;
        if (value !== "")
            parameters.push(`${input.dataset.parameter}=${value}`);
    }
    if (!valid)
        return;
    const message = document.getElementById("load-error");
    message.hidden = true;
    const button = document.getElementById("load-submit");
    button.disabled = true;
    call("Load", "sast", [module, parameters, 0])
            .then(() => {
                document.getElementById("load-dialog").close();
                afterLoad();
            })
            .catch(error => {
                message.textContent = errorText(error);
                message.hidden = false;
            })
            .finally(() => { button.disabled = false });
}

export function openLoadDialog(info, done) {
    module = info.name;
    afterLoad = done;
    document.getElementById("load-title").textContent = `Load ${info.name}`;
    const values = info.parameter_values || {};
    const parameters = (info.parameters || []).slice(0, PARAMETER_LIMIT);
    replaceChildren(document.getElementById("load-fields"),
                    parameters.length
                        ? parameters.map(parameter => field(parameter, values[parameter[0]]))
                        : el("p", { class: "empty" }, "This module declares no parameters."));
    document.getElementById("load-error").hidden = true;
    document.getElementById("load-dialog").showModal();
}

export function start() {
    document.getElementById("load-form").addEventListener("submit", submit);
    document.getElementById("load-cancel").addEventListener("click",
                                                            () => document.getElementById("load-dialog").close());
}
