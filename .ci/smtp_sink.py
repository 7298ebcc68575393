#!/usr/bin/env python3
"""A real SMTP server on loopback for Haven's tests (aiosmtpd, Debian's
python3-aiosmtpd). Every message it receives is parsed by Python's e-mail
library and written, decoded, as one JSON file in OUT_DIR:
{"from", "to", "subject", "headers", "body"}. Usage: smtp_sink.py PORT OUT_DIR
"""
import email
import email.policy
import itertools
import json
import os
import signal
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out
        self.count = itertools.count()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "headers": {name: str(value) for name, value in message.items()},
            "body": body.get_content() if body is not None else "",
        }
        name = f"{time.time_ns()}-{next(self.count)}.json"
        temporary = os.path.join(self.out, "." + name)
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump(record, f)
        # Renamed into place: a reader never sees half a file.
        os.rename(temporary, os.path.join(self.out, name))
        return "250 Message accepted"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    controller = Controller(Sink(out), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"smtp sink listening on 127.0.0.1:{port}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        signal.pause()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
