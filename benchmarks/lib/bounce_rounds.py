#!/usr/bin/env python3
"""The tables of benchmarks/bounce-vs-sisimai, from its rounds file.

    bounce_rounds.py ROUNDS_TSV minimums          prints the minimum CPU-time ratio: bounces ham both
    bounce_rounds.py ROUNDS_TSV table [LOAD...]   the CPU-time table, one row per round and folder
    bounce_rounds.py ROUNDS_TSV wall              the wall-clock table

ROUNDS_TSV: round, folder, files, Sisimai recognised, Sisimai msg/s (CPU), Sisimai msg/s (wall),
Bounceguard msg/s (CPU), Bounceguard msg/s (wall), Bounceguard parsing thread msg/s (CPU),
Bounceguard msg/s (CPU without the JIT compiler threads).
"Both" weighs the two folders by their file counts: the rate of one pass over the whole corpus.
"""
import sys


def rounds(path):
    by_round = {}
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        by_round.setdefault(int(f[0]), {})[f[1]] = dict(
            files=int(f[2]), sisimai_cpu=float(f[4]), sisimai_wall=float(f[5]),
            ours_cpu=float(f[6]), ours_wall=float(f[7]), ours_thread=float(f[8]),
            ours_steady=float(f[9]) if len(f) > 9 else float(f[6]))
    return by_round


def combined(folders, key):
    files = sum(f["files"] for f in folders.values())
    return files / sum(f["files"] / f[key] for f in folders.values())


def ratios(folders, suffix):
    out = {name: f["ours_" + suffix] / f["sisimai_" + suffix] for name, f in folders.items()}
    out["both"] = combined(folders, "ours_" + suffix) / combined(folders, "sisimai_" + suffix)
    return out


def main():
    path, what = sys.argv[1], sys.argv[2]
    data = rounds(path)
    if what == "minimums":
        cpu = [ratios(folders, "cpu") for folders in data.values()]
        print(*(int(min(r[name] for r in cpu)) for name in ("bounces", "ham", "both")))
        return
    suffix = "cpu" if what == "table" else "wall"
    loads = sys.argv[3:]
    header = "| round | load at its start | folder | files | Bounceguard msg/s | Sisimai msg/s | ratio |"
    if suffix == "cpu":
        header += " Bounceguard without JIT compiler threads, msg/s | ratio without JIT | Bounceguard's parsing thread alone, msg/s |"
    out = [header, "| " + " | ".join(["---"] * (header.count("|") - 1)) + " |"]
    minimum = {}
    for index, (round_number, folders) in enumerate(sorted(data.items())):
        load = loads[index] if index < len(loads) else "-"
        round_ratios = ratios(folders, suffix)
        for name in ("bounces", "ham"):
            f = folders[name]
            row = (f"| {round_number} | {load} | {name} | {f['files']} | {f['ours_' + suffix]:.0f} | {f['sisimai_' + suffix]:.0f} "
                   f"| {round_ratios[name]:.1f}× |")
            if suffix == "cpu":
                row += f" {f['ours_steady']:.0f} | {f['ours_steady'] / f['sisimai_cpu']:.1f}× | {f['ours_thread']:.0f} |"
            out.append(row)
        row = (f"| {round_number} | {load} | both (by file count) | {sum(f['files'] for f in folders.values())} "
               f"| {combined(folders, 'ours_' + suffix):.0f} | {combined(folders, 'sisimai_' + suffix):.0f} | {round_ratios['both']:.1f}× |")
        if suffix == "cpu":
            row += " | | |"
        out.append(row)
        for name, value in round_ratios.items():
            minimum[name] = min(minimum.get(name, value), value)
    out += ["", "Minimum ratio over the rounds: " + ", ".join(f"{name} **{value:.1f}×**" for name, value in minimum.items()) + "."]
    if suffix == "cpu":
        steady = {name: min(folders[name]["ours_steady"] / folders[name]["sisimai_cpu"] for folders in data.values())
                  for name in ("bounces", "ham")}
        out.append("Without the JIT compiler threads (still compiling during some timed passes): minimum "
                   + ", ".join(f"{name} {value:.1f}×" for name, value in steady.items()) + ".")
    print("\n".join(out))


if __name__ == "__main__":
    main()
