// The Load form's check of a parameter's value against its declared type, by the rules of
// the daemon's own check (dbus/org.modmgr1.xml, Load's parameters; lib/load/parameter_types.cpp),
// so a mistake is shown beside its field and nothing is sent; the daemon checks again.

// The most parameters the page shows or asks for: a real module declares a few dozen.
export const PARAMETER_LIMIT = 256;

const INTEGER_RANGES = {
    byte: [0n, 255n],
    short: [-32768n, 32767n],
    ushort: [0n, 65535n],
    int: [-2147483648n, 2147483647n],
    uint: [0n, 4294967295n],
    hexint: [0n, 4294967295n],
    long: [-9223372036854775808n, 9223372036854775807n],
    ulong: [0n, 18446744073709551615n],
    ullong: [0n, 18446744073709551615n],
};
const BOOLS = ["bool", "invbool"];
const TEXTS = ["charp", "string"];
const ARRAY_OF = "array of ";

function article(noun) {
    return (/^[aeio]/.test(noun) ? "an " : "a ") + noun;
}

// kstrtoull(s, 0): "0x" and a hex digit is hex, a leading 0 octal, else decimal; one
// trailing newline allowed. Returns a BigInt or null.
function magnitude(text) {
    let digits = text.endsWith("\n") ? text.slice(0, -1) : text;
    let pattern = /^[0-9]+$/;
    let prefix = "";
    if (/^0[xX][0-9a-fA-F]/.test(digits)) {
        digits = digits.slice(2);
        pattern = /^[0-9a-fA-F]+$/;
        prefix = "0x";
    } else if (digits.startsWith("0")) {
        pattern = /^[0-7]+$/;
        prefix = "0o";
    }
    return pattern.test(digits) ? BigInt(prefix + digits) : null;
}

// "ok", "invalid" or "range" for one element.
function elementVerdict(text, type) {
    if (TEXTS.includes(type))
        return "ok";
    if (BOOLS.includes(type))
        return /^([yYtTnNfF01]|[oO][nNfF])/.test(text) ? "ok" : "invalid";
    const [min, max] = INTEGER_RANGES[type];
    const negative = min < 0n && text.startsWith("-");
    const unsigned = negative || text.startsWith("+") ? text.slice(1) : text;
    const value = magnitude(unsigned);
    if (value === null)
        return "invalid";
    if (value > 18446744073709551615n)
        return "range";
    return (negative ? -value >= min : value <= max) ? "ok" : "range";
}

function problem(subject, type, verdict, inArray) {
    const what = inArray ? article(type) : "one";
    if (verdict === "range") {
        const [min, max] = INTEGER_RANGES[type];
        return `${subject} is out of ${inArray ? article(type) + "'s" : "its"} range (${min} to ${max})`;
    }
    if (BOOLS.includes(type))
        return `${subject} is not ${what} (the kernel takes y, n, t, f, 1, 0, on, off)`;
    return `${subject} is not ${what}`;
}

export function isKnownType(type) {
    const element = type.startsWith(ARRAY_OF) ? type.slice(ARRAY_OF.length) : type;
    return element in INTEGER_RANGES || BOOLS.includes(element) || TEXTS.includes(element);
}

// What is wrong with `value` (a string, or null for a bare "name") for parameter `name` of
// declared `type`, in the daemon's words; null when it is fine or the type is the module's own.
export function parameterProblem(name, type, value) {
    if (!isKnownType(type))
        return null;
    const array = type.startsWith(ARRAY_OF);
    const element = array ? type.slice(ARRAY_OF.length) : type;
    const declared = `${name} is ${article(type)}: `;
    if (value === null)
        return !array && type === "bool" ? null : declared + `it needs a value (${name}=VALUE)`;
    if (!array) {
        const verdict = elementVerdict(value, element);
        return verdict === "ok" ? null : declared + problem(`'${value}'`, element, verdict, false);
    }
    const pieces = value.split(",");
    for (let index = 0; index < pieces.length; index++) {
        const verdict = elementVerdict(pieces[index], element);
        if (verdict !== "ok")
            return declared + problem(`element ${index + 1}, '${pieces[index]}',`, element, verdict, true);
    }
    return null;
}

// "key=value" or "key" words (options line, space-separated) as [name, value-or-null].
export function splitParameter(word) {
    const equals = word.indexOf("=");
    return equals < 0 ? [word, null] : [word.slice(0, equals), word.slice(equals + 1)];
}
