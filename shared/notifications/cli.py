"""`flask outbox send` and `flask outbox status`."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask.cli import AppGroup
from tqdm import tqdm

from shared.notifications.sender import SendReport, StopFlag, due_count, outbox_counts, send_due

outbox_cli = AppGroup("outbox", help="The notification outbox: send due emails, show counts.")


@outbox_cli.command("send")
@click.option("--loop", is_flag=True,
              help="Keep sending until stopped; Ctrl-C finishes the current message, then exits")
@click.option("--interval", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds to wait, with --loop, once nothing is due")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=50, show_default=True,
              help="Messages to send per run (each is committed as soon as it is sent)")
def send_command(loop: bool, interval: float, batch_size: int) -> None:
    """Send the messages that are due (one batch, or batch after batch with --loop)."""
    stop = StopFlag()
    total = SendReport()
    size = None if loop else min(due_count(), batch_size)
    with _stop_on_signals(stop), tqdm(total=size, unit="message", desc="Sending outbox",
                                      file=sys.stderr) as bar:
        while True:
            report = send_due(batch_size, stop=stop, progress=bar.update)
            total.add(report)
            if not loop or stop.requested:
                break
            # A full batch means more may be waiting: go straight on; otherwise rest a while.
            if report.tried < batch_size and stop.wait(interval):
                break
    click.echo(f"Sent {total.sent}, failed {total.failed} (will be retried); "
               f"{outbox_counts()['pending']} pending.")
    if stop.requested:
        click.echo("Stopped on request after finishing the message in hand.")


@outbox_cli.command("status")
def status_command() -> None:
    """Show how many messages are pending, retrying after a failure, and sent."""
    counts = outbox_counts()
    click.echo(f"Pending: {counts['pending']} ({counts['due']} due now)")
    click.echo(f"Failed attempts: {counts['failing']} pending messages have failed at least once")
    click.echo(f"Sent: {counts['sent']}")


@contextmanager
def _stop_on_signals(stop: StopFlag) -> Iterator[None]:
    # Signal handlers can only be set from the main thread (not, say, under a test runner).
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum, frame):
        stop.request()
        # A second Ctrl-C then stops at once, the usual way.
        signal.signal(signum, previous[signum])
        sys.stderr.write("\nStopping after the current message (press Ctrl-C again to stop "
                         "at once).\n")

    for signum in previous:
        signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
