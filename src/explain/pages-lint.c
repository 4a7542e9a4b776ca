/* Explain pages of the config lint ids (wsl_lint_rules in
 * src/wslconfig/lint-rules.c), in its order. A finding on /etc/wsl.conf
 * carries wslconf.NAME and is explained by the same page. Written for
 * headroom; every source is a public URL. */
#include "explain/explain.h"
#include "explain/sources.h"

#define WSL_PARSER                                                                                 \
    "https://github.com/microsoft/WSL/blob/949b64f4cd1ea314bceba1f903f66372b70377d1/src/shared/"   \
    "configfile/configfile.cpp"
#define AT_LINE                                                                                    \
    "The file, line and column of the problem; the evidence quotes the line as written (up to "    \
    "160 "                                                                                         \
    "characters)."
#define IGNORED                                                                                    \
    "WSL ignores what it cannot read without stopping, so the setting keeps its default."
#define SRC                                                                                        \
    {                                                                                              \
        LEARN_CONFIG, WSL_PARSER                                                                   \
    }

/* { id, severity, title, checks, why, evidence, fix, risks, sources } */
#define LINT(id, sev, title, checks, why, fix, risks, ...)                                         \
    {                                                                                              \
        "wslconfig." id, "lint", sev, title, checks, why, AT_LINE, fix, risks, __VA_ARGS__         \
    }

const struct explain_page explain_lint_pages[] = {
    LINT("bad-bool", "warning", "a boolean WSL does not accept",
         "A boolean key whose value is not 1, 0, true or false (any case).", IGNORED,
         "Write true or false: headroom config set KEY=true.", "None beyond the setting's own.",
         SRC),
    LINT("bad-enum", "warning", "a value that is not one of the key's choices",
         "A key with a fixed set of values (networkingMode, autoMemoryReclaim, ...) given "
         "another.",
         IGNORED, "Write one of the values lint lists.", "None beyond the setting's own.", SRC),
    LINT("bad-escape", "warning", "a backslash escape WSL does not know",
         "A backslash in a value other than \\\\, \\\", \\b, \\n, \\t, or one at the end of "
         "the file.",
         "WSL drops the line, or reads a Windows path with a tab or newline in it; a kernel "
         "or swap path then points nowhere.",
         "Double each backslash in Windows paths (C:\\\\Users\\\\me\\\\swap.vhdx) or use "
         "forward slashes.",
         "None.", SRC),
    LINT("bad-int", "warning", "an integer WSL does not accept",
         "An integer key (processors, ...) whose value is not a whole number (decimal, 0x "
         "hex or leading-0 octal) with nothing after it.",
         IGNORED " A leading 0 makes the number octal.", "Write a plain decimal number.", "None.",
         SRC),
    LINT("bad-memory-size", "warning", "a size WSL does not accept",
         "memory=, swap= and other sizes: a whole number and an upper-case unit (B, K, KB, M, "
         "MB, G, GB, T, TB), no space and no fraction.",
         "memory=8gb or memory=7.5GB is ignored, and WSL takes half the host's RAM as if "
         "nothing were written.",
         "Write e.g. memory=8GB (headroom config set memory=8GB).", "None.", SRC),
    LINT("bad-section", "warning", "a section header WSL cannot read or does not have",
         "[section] lines that are malformed, unknown, or belong to the other file (.wslconfig "
         "has [wsl2] and [experimental]; /etc/wsl.conf has [boot], [automount], ...).",
         "Every key under it is ignored.", "Fix the header; lint suggests the section meant.",
         "None.", SRC),
    LINT("bad-value", "warning-critical", "a value of the wrong form",
         "Values with a form of their own: MAC addresses, IPv4 addresses, port lists.",
         "A malformed MAC address stops the VM from starting; a bad DNS address turns DNS "
         "tunneling off.",
         "Write the value in its form (aa:bb:cc:dd:ee:ff, a dotted IPv4 address, ports "
         "1-65535 separated by commas), or delete the line.",
         "None.", SRC),
    LINT("bom", "critical", "a UTF-8 byte-order mark in /etc/wsl.conf",
         "The three bytes EF BB BF at the start of /etc/wsl.conf.",
         "WSL's init reads the file as plain bytes: line 1 is invalid and the whole file is "
         "ignored.",
         "Save the file as UTF-8 without BOM (sed -i '1s/^\\xEF\\xBB\\xBF//' /etc/wsl.conf as "
         "root).",
         "None.", SRC),
    LINT("duplicate-key", "warning", "a key set twice", "The same key twice in one section.",
         "The first one wins, so an edit at the end of the file does nothing.",
         "Delete one of the lines (headroom config set rewrites the one WSL uses).", "None.", SRC),
    LINT("encoding", "info-critical", "an encoding WSL reads differently",
         "UTF-16 files, bytes that are not UTF-8, control characters, a Ctrl-Z, non-ASCII "
         "characters in a value.",
         "WSL may read none of the file, stop at a Ctrl-Z, or use other characters than the "
         "ones written.",
         "Save as UTF-8 without BOM with only ASCII in values (Notepad: Save as, UTF-8).", "None.",
         SRC),
    LINT("gradual-hazard", "info-warning", "autoMemoryReclaim=gradual where hangs are reported",
         "autoMemoryReclaim=gradual, with systemd, Docker Desktop or WSLg present.",
         "Hangs and lag are reported for exactly this combination.",
         "headroom config set autoMemoryReclaim=dropCache, then wsl.exe --shutdown.",
         "dropCache frees the cache at once when idle; later reads are slower.",
         {WSL_ISSUE "10675", WSL_ISSUE "13542", WSL_ISSUE "11066"}),
    LINT("graduated-key", "info", "an experimental key that has graduated",
         "A key under [experimental] that WSL now reads under [wsl2].",
         "WSL still reads it, but a later release may not.", "Move the line under [wsl2].", "None.",
         SRC),
    LINT("invalid-line", "warning", "a line that is no key, section or comment",
         "Lines that do not start with a letter, '[' or '#', keys with other characters, "
         "keys without '='.",
         "WSL reports an error and drops the line (in /etc/wsl.conf it may stop reading).",
         "Fix or delete the line; comments start with '#'.", "None.", SRC),
    LINT("key-before-section", "warning", "a key before any [section]",
         "Keys above the first section header.", "WSL does not know them there and ignores them.",
         "Move the line under its section ([wsl2] for memory, swap, processors).", "None.", SRC),
    LINT("line-ending", "warning", "a lone CR inside a comment",
         "A carriage return not followed by a line feed in a comment.",
         "WSL's comment runs on to the next LF, so the next line is swallowed by the comment.",
         "Save with CRLF or LF line endings only.", "None.", SRC),
    LINT("memory-over-host", "warning", "memory= above the host's RAM",
         "memory= against the host's physical RAM.",
         "WSL clamps it to the host's RAM, which leaves Windows nothing under load.",
         "headroom config recommend gives a value for this host.",
         "A lower limit can make the OOM killer end a model.", SRC),
    LINT("memory-too-small", "warning-info", "memory= too small for local AI",
         "memory= below WSL's floor of 256 MB, or below 4 GiB (info only when the host is so "
         "small that this is what its budget can spare).",
         "Models and their context cache need GBs; a small VM swaps or kills them.",
         "headroom fit MODEL shows what a model needs; set memory= above it.",
         "More for WSL is less for Windows.", SRC),
    LINT("no-effect", "warning", "a setting WSL turns off",
         "Keys that work only in mirrored networking, virtio9p=true, safeMode=true.",
         "The setting looks applied but is not (safeMode turns off swap, the GPU and WSLg).",
         "Delete the line, or set what it depends on (networkingMode=mirrored).", "None.", SRC),
    LINT("no-swap-small-host", "warning", "swap=0 on a small host",
         "swap=0 on a host of 16 GiB or less, or a VM of 8 GiB or less.",
         "A spike while a model loads goes straight to the OOM killer.",
         "headroom config set swap=4GB, then wsl.exe --shutdown.",
         "Swap is a file on the Windows disk; heavy swapping is slow.",
         {LEARN_CONFIG, WSL_ISSUE "5476"}),
    LINT("overridden", "info-warning", "a value WSL replaces by another",
         "Settings the file writes that WSL replaces for a reason (another setting, the host, "
         "the version).",
         "What you wrote is not what the VM gets.",
         "headroom config unset KEY, or change what overrides it (the finding says).", "None.",
         SRC),
    LINT("path-env-var", "warning", "%VARIABLE% in a path",
         "Paths (kernel=, swapFile=) with %NAME% in them.",
         "WSL uses the path literally and finds no file.",
         "Write the full path (C:\\\\Users\\\\me\\\\...).", "None.", SRC),
    LINT("processors-over-host", "warning", "processors= above the host's CPUs",
         "processors= against the host's logical CPUs.", "WSL warns and uses the host's count.",
         "Write a number up to the host's count.", "None.", SRC),
    LINT("semicolon-comment", "warning", "';' used as a comment", "Lines starting with ';'.",
         "Only '#' starts a comment; WSL reports the line invalid.", "Replace ';' by '#'.", "None.",
         SRC),
    LINT("sparse-disabled", "warning", "sparseVhd=true does nothing",
         "sparseVhd=true on a WSL that has sparse VHDs disabled.",
         "New disks are created non-sparse; the disk does not shrink as expected.",
         "Delete the line; shrink the disk by hand if you must.", "None.", SRC),
    LINT("stops-parsing", "warning-critical", "WSL stops reading /etc/wsl.conf here",
         "An invalid line in /etc/wsl.conf, where WSL's init stops reading.",
         "Every setting after it is ignored (systemd=true among them).", "Fix or delete the line.",
         "None.", SRC),
    LINT("suspicious-size", "warning", "a size with no unit", "Sizes written as a bare number.",
         "A bare number is bytes: memory=8 asks for 8 bytes.", "Add the unit (memory=8GB).",
         "None.", SRC),
    LINT("unclosed-quote", "warning", "a quote never closed", "A '\"' with no closing quote.",
         IGNORED, "Close the quote or remove it.", "None.", SRC),
    LINT("unknown-key", "warning", "a key WSL does not know",
         "Keys not in WSL's schema for this file and section, removed keys, misspellings.",
         "WSL warns and ignores it; a typo in memory= means no limit.",
         "Fix the name (lint suggests one) or delete the line.", "None.", SRC),
    LINT("wrong-section", "warning", "a key in the wrong section",
         "A known key under a section it does not belong to.", "WSL ignores it there.",
         "Move the line under its section.", "None.", SRC),
};

const size_t explain_lint_count = sizeof(explain_lint_pages) / sizeof(explain_lint_pages[0]);
