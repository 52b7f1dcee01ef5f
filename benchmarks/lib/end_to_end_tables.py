#!/usr/bin/env python3
"""The result tables of benchmarks/end-to-end, as Markdown, from its runs.tsv.

    end_to_end_tables.py RUNS_TSV MAILS [WIDE_REFERENCE_MAILBOXES]

runs.tsv: round, configuration, seconds, mails/s, INBOX, spam, load (1/5/15), James CPU ms per mail,
processed, mails sent, DNS fixture CPU ms per mail, James's JIT compiler threads' CPU ms per mail; one line per James run, in the order run. Rounds are numbers; "reference" and
"profile" runs are reported apart and never enter the ratios.
"""
import statistics
import sys

NAMES = {
    "plain": "plain James (no Bounceguard)",
    "bounceguard-spooler": "Bounceguard, verdict looked up in the spooler (no DNSBL SMTP handler)",
    "bounceguard-prefetch": "Bounceguard with the connect-time prefetch only (DnsblPrefetchHandler)",
    "bounceguard-session": "Bounceguard with the verdict attached in the SMTP session (prefetch + DnsblVerdictHook)",
    "bounceguard-refusal": "Bounceguard with the SMTP-time refusal on (the sample as is)",
    "plain-control": "plain James again (A/A control: a second, identical plain James)",
}
# the configurations whose verdict is ready before the spooler: the targets apply to them
TARGETED = ("bounceguard-prefetch", "bounceguard-session", "bounceguard-refusal")
MIN_RATIO = 0.95
MAX_ADDED_CPU_MS = 0.5


def main():
    path, mails = sys.argv[1], int(sys.argv[2])
    global mailboxes_wide
    mailboxes_wide = sys.argv[3] if len(sys.argv) > 3 else "more"
    runs = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        runs.append(dict(round=f[0], variant=f[1], seconds=float(f[2]), rate=float(f[3]), inbox=int(f[4]),
                         spam=int(f[5]), load=f[6], cpu=float(f[7]), processed=int(f[8]),
                         sent=int(f[9]) if len(f) > 9 else mails, fixture=float(f[10]) if len(f) > 10 else -1,
                         jit=float(f[11]) if len(f) > 11 else -1))
    rounds = [r for r in runs if r["round"].isdigit()]
    plain = {r["round"]: r for r in rounds if r["variant"] == "plain"}
    out = [f"## Results ({mails} mails per run)", "", "### Every run, in the order run", "",
           "| round | configuration | seconds | mails/s | ratio to plain James in its round | INBOX | spam repository "
           "| load (1/5/15 min) at its start | James CPU ms per mail | of which JIT compiler threads | DNS fixture CPU ms per mail |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in runs:
        base = plain.get(r["round"])
        ratio = f"{r['rate'] / base['rate']:.3f}" if base else "-"
        warn = "" if r["processed"] >= r["sent"] else f" (**only {r['processed']} of {r['sent']} processed**)"
        out.append(f"| {r['round']} | {r['variant']} | {r['seconds']:.2f} | {r['rate']:.1f}{warn} | {ratio} | {r['inbox']} "
                   f"| {r['spam']} | {r['load']} | {r['cpu']:.2f} | {r['jit']:.2f} | {r['fixture']:.2f} |")
    out += ["", f"### Per configuration over {len(plain)} rounds", "",
            "| configuration | mails/s: mean (min-max) | ratio to plain James, each round | **minimum ratio** | mean ratio "
            "| James CPU ms per mail: mean (min-max; stdev) | added CPU ms per mail against plain James of the same round: mean (min-max) "
            "| the same without JIT compiler threads: mean (min-max) | DNS fixture CPU ms per mail: mean |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    summary = {}
    for variant, name in NAMES.items():
        mine = [r for r in rounds if r["variant"] == variant]
        if not mine:
            continue
        rates = [r["rate"] for r in mine]
        cpus = [r["cpu"] for r in mine]
        ratios = [r["rate"] / plain[r["round"]]["rate"] for r in mine if r["round"] in plain]
        added = [r["cpu"] - plain[r["round"]]["cpu"] for r in mine if r["round"] in plain]
        added_steady = [(r["cpu"] - r["jit"]) - (plain[r["round"]]["cpu"] - plain[r["round"]]["jit"]) for r in mine if r["round"] in plain]
        spread = statistics.stdev(cpus) if len(cpus) > 1 else 0.0
        summary[variant] = (min(ratios), statistics.mean(ratios), statistics.mean(added), min(added), max(added))
        if variant == "plain":
            ratio_cells = "1 | 1 | 1"
            added_cell = "- | -"
        else:
            ratio_cells = f"{', '.join(f'{x:.3f}' for x in ratios)} | **{min(ratios):.3f}** | {statistics.mean(ratios):.3f}"
            added_cell = (f"{statistics.mean(added):+.2f} ({min(added):+.2f} to {max(added):+.2f}) "
                          f"| {statistics.mean(added_steady):+.2f} ({min(added_steady):+.2f} to {max(added_steady):+.2f})")
        out.append(f"| {name} | {statistics.mean(rates):.1f} ({min(rates):.1f}-{max(rates):.1f}) | {ratio_cells} "
                   f"| {statistics.mean(cpus):.2f} ({min(cpus):.2f}-{max(cpus):.2f}; {spread:.2f}) | {added_cell} "
                   f"| {statistics.mean(r['fixture'] for r in mine):.2f} |")
    targets = [f"- {NAMES[v]}: minimum round ratio {summary[v][0]:.3f} "
               f"(**{'met' if summary[v][0] >= MIN_RATIO else 'MISSED'}**); added CPU {summary[v][2]:+.2f} ms per mail, mean over "
               f"the rounds (**{'met' if summary[v][2] <= MAX_ADDED_CPU_MS else 'MISSED'}**; rounds {summary[v][3]:+.2f} to {summary[v][4]:+.2f})"
               for v in TARGETED if v in summary]
    if "plain-control" in summary:
        low, mean, added_mean, added_low, added_high = summary["plain-control"]
        targets.append(f"- the A/A control, plain James against plain James: minimum round ratio {low:.3f}, "
                       f"CPU difference {added_mean:+.2f} ms per mail (rounds {added_low:+.2f} to {added_high:+.2f}): "
                       f"a difference smaller than this is not resolved by this run")
    if targets:
        out += ["", f"Targets, for the configurations whose verdict is ready before the spooler: minimum round ratio "
                f"≥ {MIN_RATIO} and added James CPU ≤ {MAX_ADDED_CPU_MS} ms per mail.", ""] + targets
    reference = [r for r in runs if r["variant"] == "plain-one-mailbox"]
    if reference and plain:
        ref = reference[0]
        plain_rate = statistics.mean(p["rate"] for p in plain.values())
        plain_cpu = statistics.mean(p["cpu"] for p in plain.values())
        out += ["", "### Reference: every mail into one mailbox", "",
                f"Plain James with every mail to alice (the set-up of earlier runs of this benchmark), once, after the rounds, "
                f"{ref['sent']} mails: "
                f"**{ref['rate']:.1f} mails/s**, {ref['cpu']:.2f} ms CPU per mail (load {ref['load']}). Spread over the "
                f"mailboxes, plain James ran at {plain_rate:.1f} mails/s, {plain_rate / ref['rate']:.2f} × as fast, "
                f"at {plain_cpu:.2f} ms CPU per mail."]
    wide = [r for r in runs if r["variant"] == "plain-wide"]
    if wide and plain:
        ref = wide[0]
        plain_rate = statistics.mean(p["rate"] for p in plain.values())
        plain_cpu = statistics.mean(p["cpu"] for p in plain.values())
        out += ["", "### Reference: more mailboxes", "",
                f"Plain James with the mails spread over {mailboxes_wide} mailboxes, once, after the rounds, {ref['sent']} mails: "
                f"**{ref['rate']:.1f} mails/s**, {ref['cpu']:.2f} ms CPU per mail (load {ref['load']}), against "
                f"{plain_rate:.1f} mails/s and {plain_cpu:.2f} ms per mail over the rounds' mailboxes "
                f"({ref['rate'] / plain_rate:.2f} ×)."]
    print("\n".join(out))


if __name__ == "__main__":
    main()
