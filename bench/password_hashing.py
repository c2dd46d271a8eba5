"""The CPU cost of one sign-in with the configured Argon2id parameters (and the raw library's).

Usage: .venv/bin/python bench/password_hashing.py [--rounds 10]
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402

from qa import create_app  # noqa: E402
from qa.accounts.passwords import hash_password, verify_password  # noqa: E402


def timed(function, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        function()
    return 1000 * (time.perf_counter() - start) / rounds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    tmp = tempfile.mkdtemp()
    app = create_app({"INSTANCE_PATH": tmp, "SECRET_KEY": "bench-secret-key-123"})
    with app.app_context():
        config = app.config
        stored = hash_password("correct-horse-battery")
        ours = timed(lambda: verify_password(stored, "correct-horse-battery"), rounds)
        raw_hasher = PasswordHasher(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_KIB"], config["ARGON2_PARALLELISM"])
        raw = timed(lambda: raw_hasher.verify(stored, "correct-horse-battery"), rounds)
    print(f"argon2id t={config['ARGON2_TIME_COST']} m={config['ARGON2_MEMORY_KIB']} KiB p={config['ARGON2_PARALLELISM']}")
    print(f"verify, ms: raw argon2-cffi {raw:.1f}, callibrate {ours:.1f} (ratio {ours / raw:.2f}x)")
    print(f"sign-ins per second per core, at most: {1000 / ours:.0f}")


if __name__ == "__main__":
    main()
