#!/usr/bin/python3
"""A remote MTA for the integration tests: a real SMTP server (Debian's aiosmtpd) on loopback.

It stands for "the Internet" behind James's RemoteDelivery gateway: it accepts mail and writes
each message as <spool>/<n>.eml with its envelope in <spool>/<n>.envelope, except that RCPT TO
addresses whose local part starts with "reject" get a permanent 550 (to make James bounce).

usage: remote_mta.py HOST PORT SPOOL_DIR
"""
import asyncio
import itertools
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Capture:
    def __init__(self, spool):
        self.spool = spool
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].lower().startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        number = next(self.counter)
        base = os.path.join(self.spool, "%06d" % number)
        with open(base + ".tmp", "wb") as message:
            message.write(envelope.original_content or envelope.content)
        with open(base + ".envelope", "w") as env:
            sender = envelope.mail_from or ""
            env.write("MAIL FROM:<%s>\n" % ("" if sender == "<>" else sender))
            for rcpt in envelope.rcpt_tos:
                env.write("RCPT TO:<%s>\n" % rcpt)
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 queued as %06d" % number


def main():
    host, port, spool = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(spool, exist_ok=True)
    controller = Controller(Capture(spool), hostname=host, port=port, server_hostname="remote-mta.test")
    controller.start()
    print("ready", flush=True)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
