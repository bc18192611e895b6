// Light or dark like Cockpit 287's own pages: the shell's choice (localStorage "shell:style":
// auto, light, dark; the "cockpit-style" event when it changes), "auto" following the
// system's colour scheme; dark is the class pf-theme-dark on <html>.
const query = window.matchMedia("(prefers-color-scheme: dark)");

function apply(style) {
    const chosen = style || localStorage.getItem("shell:style") || "auto";
    const dark = chosen === "dark" || (chosen === "auto" && query.matches);
    document.documentElement.classList.toggle("pf-theme-dark", dark);
}

window.addEventListener("storage", event => {
    if (event.key === "shell:style")
        apply();
});
window.addEventListener("cockpit-style", event => apply(event.detail.style));
query.addEventListener("change", () => apply());
apply();
