#!/usr/bin/env python3
"""Where Bounceguard's share of James's CPU goes, from a JFR recording, as Markdown.

    jfr print --events jdk.ExecutionSample --stack-depth 128 rec.jfr > samples.txt
    jfr_bounceguard_frames.py samples.txt CPU_MS_PER_MAIL

A sample counts for Bounceguard when any frame of its stack is in org.bounceguard; it is charged to
the Bounceguard frame nearest the top of the stack (the Bounceguard method that was running, or
whose call into dnsjava, Guava or the JDK was). Except: when a James mailet or matcher runs above
that frame, the sample is the work of a James mailet that Bounceguard wraps (Guarded around
VacationMailet or Sieve, GuardedDSNBounce around DSNBounce), which plain James does as well; those
are counted apart, not as Bounceguard's. Execution samples see Java code only (not the
kernel, not the JIT or GC threads), so the milliseconds per mail below are the samples' share of
the measured CPU per mail: an estimate of where the time goes, not a second measurement.
"""
import collections
import re
import sys

# a James mailet or matcher running above Bounceguard's frame: the wrapped mailet's own work
WRAPPED_JAMES = ("org.apache.james.transport.mailets.", "org.apache.james.transport.matchers.")
FRAME = re.compile(r"^\s+([\w$.<>]+)\(.*?\)(?:\s+line:.*)?$")


def samples(path):
    stack, inside = None, False
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("jdk.ExecutionSample"):
            stack = []
        elif stack is not None and "stackTrace = [" in line:
            inside = True
        elif inside and line.strip() == "]":
            inside = False
            yield stack
            stack = None
        elif inside:
            match = FRAME.match(line)
            if match:
                stack.append(match.group(1))


def package_of(frame, depth):
    return ".".join(frame.split(".")[:depth])


def main():
    path, cpu_ms = sys.argv[1], float(sys.argv[2])
    total = 0
    wrapped = collections.Counter()
    ours = collections.Counter()
    areas = collections.Counter()
    leaves = collections.Counter()
    for stack in samples(path):
        total += 1
        index = next((i for i, frame in enumerate(stack) if frame.startswith("org.bounceguard.")), None)
        if index is None:
            continue
        top = stack[index]
        james_mailet = next((frame for frame in stack[:index] if frame.startswith(WRAPPED_JAMES)), None)
        if james_mailet is not None:
            wrapped[james_mailet.rsplit(".", 1)[0]] += 1
            continue
        ours[top] += 1
        areas[package_of(top, 3)] += 1
        leaves[package_of(stack[0], 3)] += 1
    if total == 0:
        print("The recording holds no execution samples.")
        return
    share = sum(ours.values()) / total

    def ms(count):
        return count / total * cpu_ms

    wrapped_text = ", ".join(f"`{name}` {count}" for name, count in wrapped.most_common()) or "none"
    out = [f"{total} execution samples of James's JVM over the measured mails; "
           f"**{sum(ours.values())} ({share:.1%}) run Bounceguard's own code**: about **{ms(sum(ours.values())):.2f} ms** of the "
           f"{cpu_ms:.2f} ms CPU per mail measured in that run. Not counted as Bounceguard's: {sum(wrapped.values())} samples "
           f"in James mailets that Bounceguard wraps, which plain James runs too ({wrapped_text}).", "",
           "| Bounceguard frame nearest the top of the stack | samples | share of all samples | ≈ ms per mail |",
           "| --- | --- | --- | --- |"]
    for frame, count in ours.most_common(15):
        out.append(f"| `{frame}` | {count} | {count / total:.2%} | {ms(count):.3f} |")
    out += ["", "| package of that frame | samples | ≈ ms per mail |", "| --- | --- | --- |"]
    for area, count in areas.most_common():
        out.append(f"| `{area}` | {count} | {ms(count):.3f} |")
    out += ["", "| what was running at the top of those stacks | samples |", "| --- | --- |"]
    for leaf, count in leaves.most_common(8):
        out.append(f"| `{leaf}` | {count} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
