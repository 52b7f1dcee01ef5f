#!/usr/bin/env python3
"""Writes a copy of the sample conf/ for one end-to-end benchmark configuration.

    james_conf_variant.py SOURCE_CONF DEST_CONF VARIANT

VARIANT: plain                 James as it ships: every Bounceguard mailet, matcher and SMTP handler
                               removed, Guarded(DSN)Bounce back to James's own (DSN)Bounce
         bounceguard-spooler   the sample without its DNSBL SMTP handlers (DnsblPrefetchHandler,
                               DnsblVerdictHook, DnsblRcptRefusal): DnsblCheck looks the client up
         bounceguard-prefetch  the sample with DnsblPrefetchHandler only: DnsblCheck finds the
                               answers in the engine's cache
         bounceguard-session   the sample without DnsblRcptRefusal: the verdict is attached in the
                               SMTP session (DnsblVerdictHook) after the connect-time prefetch
         bounceguard-refusal   the sample as is (prefetch, verdict in the session, refusal at RCPT)
Every variant gets ports of its own (so it never meets scripts/run or the integration tests) and
James's DNS pointed at the delaying proxy. conf/ itself stays the single source of truth.
"""
import re
import shutil
import sys
from pathlib import Path

PORTS = {  # file: [(pattern, replacement)] - each must match, or the sample changed under us
    "smtpserver.xml": [(r"<bind>127\.0\.0\.1:2525</bind>", "<bind>127.0.0.1:12525</bind>"),
                       (r"<bind>127\.0\.0\.1:2526</bind>", "<bind>127.0.0.1:12526</bind>")],
    "imapserver.xml": [(r"<bind>127\.0\.0\.1:1143</bind>", "<bind>127.0.0.1:11143</bind>")],
    "webadmin.properties": [(r"(?m)^port=8000$", "port=18000")],
    "jmx.properties": [(r"(?m)^jmx\.port=9999$", "jmx.port=19999")],
    # DNSJavaService takes server names without a port: the proxy listens on 127.0.53.53:53
    "dnsservice.xml": [(r"<autodiscover>true</autodiscover>",
                        "<autodiscover>false</autodiscover>\n    <servers><server>127.0.53.53</server></servers>")],
}

MAILET = re.compile(r"[ \t]*<mailet\b[^>]*?(?:/>|>.*?</mailet>)[ \t]*\n", re.S)
HANDLER = re.compile(r"[ \t]*<handler\b[^>]*?(?:/>|>.*?</handler>)[ \t]*\n", re.S)
COMMENT = re.compile(r"[ \t]*<!--.*?-->[ \t]*\n?", re.S)


def replace_all(text, replacements, name):
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text)
        if count == 0:
            sys.exit(f"{name}: '{pattern}' not found; update benchmarks/lib/james_conf_variant.py")
    return text


GUARD_PARAMETERS = r"(dnsblThreshold|mode|zones|suppressOnSpfSoftfail|suppressOnSpam|spamAttributes|checkSenderDomain|suppressAutoSubmitted|suppressPrecedence|auditRepository)"
# org.bounceguard.mailets.Guarded names the James mailet it wraps in a nested <mailet> parameter
WRAPPER = re.compile(r'<mailet\b([^>]*?)class="org\.bounceguard\.mailets\.Guarded">\s*<mailet>([\w.]+)</mailet>(.*?)</mailet>', re.S)


def drop_guard_parameters(element):
    return re.sub(rf"[ \t]*<{GUARD_PARAMETERS}>.*?</{GUARD_PARAMETERS}>[ \t]*\n", "", element)


def plain_mailets(text):
    # the wrapped mailet as James ships it, with its own parameters
    text = WRAPPER.sub(lambda m: drop_guard_parameters(f'<mailet{m.group(1)}class="{m.group(2)}">{m.group(3)}</mailet>'), text)

    def keep_or_drop(match):
        element = match.group(0)
        guarded = re.search(r'class="org\.bounceguard\.mailets\.Guarded(DSNBounce|Bounce)"', element)
        if guarded:
            # James's own bounce mailet with its own parameters; the guard's parameters go
            return drop_guard_parameters(element.replace(guarded.group(0), f'class="{guarded.group(1)}"'))
        return "" if "org.bounceguard." in element else element
    return MAILET.sub(keep_or_drop, COMMENT.sub("", text))


def drop_handlers(text, predicate):
    return HANDLER.sub(lambda m: "" if predicate(m.group(0)) else m.group(0), text)


# the sample's DNSBL SMTP handlers each variant leaves out
DROPPED_HANDLERS = {
    "bounceguard-spooler": ("DnsblPrefetchHandler", "DnsblVerdictHook", "DnsblRcptRefusal"),
    "bounceguard-prefetch": ("DnsblVerdictHook", "DnsblRcptRefusal"),
    "bounceguard-session": ("DnsblRcptRefusal",),
    "bounceguard-refusal": (),
}


def main():
    source, dest, variant = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    if variant != "plain" and variant not in DROPPED_HANDLERS:
        sys.exit(f"unknown variant {variant}")
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(source, dest)
    for name, replacements in PORTS.items():
        path = dest / name
        path.write_text(replace_all(path.read_text(), replacements, name))
    smtp = dest / "smtpserver.xml"
    if variant == "plain":
        (dest / "mailetcontainer.xml").write_text(plain_mailets((dest / "mailetcontainer.xml").read_text()))
        smtp.write_text(drop_handlers(COMMENT.sub("", smtp.read_text()), lambda h: "org.bounceguard." in h))
        (dest / "bounceguard.properties").unlink()
        webadmin = dest / "webadmin.properties"
        # Bounceguard's WebAdmin routes leave the list; James's own (metrics) stay
        webadmin.write_text(re.sub(r",\s*org\.bounceguard\.[\w.]+|org\.bounceguard\.[\w.]+\s*,?", "", webadmin.read_text()))
        extensions = dest / "extensions.properties"
        if extensions.exists():
            extensions.write_text(re.sub(r"(?m)^[^#\n]*org\.bounceguard\.[^\n]*\n", "", extensions.read_text()))
        logback = dest / "logback.xml"
        logback.write_text(re.sub(r'[ \t]*<logger name="org\.bounceguard"[^>]*/>[ \t]*\n', "", COMMENT.sub("", logback.read_text())))
        for path in dest.iterdir():
            if "org.bounceguard" in COMMENT.sub("", path.read_text()):
                sys.exit(f"{path.name} still names a Bounceguard class in the plain variant")
        return
    text = COMMENT.sub("", smtp.read_text())
    for handler in ("DnsblPrefetchHandler", "DnsblVerdictHook", "DnsblRcptRefusal"):
        if f"org.bounceguard.smtp.{handler}" not in text:
            sys.exit(f"smtpserver.xml has no {handler}; update benchmarks/lib/james_conf_variant.py")
    for handler in DROPPED_HANDLERS[variant]:
        text = drop_handlers(text, lambda h, name=handler: f"org.bounceguard.smtp.{name}" in h)
    smtp.write_text(text)


if __name__ == "__main__":
    main()
