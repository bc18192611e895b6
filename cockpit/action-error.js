// The module view's one place for an action's error (#action-error): the typed error's
// message, or nothing.
import { errorText } from "./bus.js";

export function showActionError(error) {
    const box = document.getElementById("action-error");
    box.textContent = error ? errorText(error) : "";
    box.hidden = !error;
}
