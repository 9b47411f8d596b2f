"""Configuration classes, read from the environment; strict in production."""

from __future__ import annotations

import base64
import json
import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


class ConfigError(RuntimeError):
    """Raised when a required setting is missing or unusable."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _read_secret(name: str) -> str | None:
    """Read NAME from the environment, or from the file named by NAME_FILE."""
    value = _env(name)
    if value is not None:
        return value
    path = _env(f"{name}_FILE")
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(
            f"{name}_FILE names {path!r}, which cannot be read: {exc.strerror}"
        ) from exc


# Keys of other kinds held beside the KEKs, each its own small ring {active, keys} so it can
# rotate: "audit" MACs the audit chain, "totp" seals authenticator secrets.
SUB_RINGS = {"audit": "a1", "totp": "t1"}


def parse_key_ring(text: str) -> dict:
    """Parse a key ring: JSON {"active": ID, "keys": {ID: base64 32-byte key}}, and optionally
    an "audit" and a "totp" ring of the same form."""
    try:
        raw = json.loads(text)
        ring = _parse_ring(raw)
        for kind in SUB_RINGS:
            ring[kind] = _parse_ring(raw[kind]) if raw.get(kind) is not None else None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError("KEY_RING is not valid JSON of the form {active, keys}") from exc
    return ring


def _parse_ring(raw: dict) -> dict:
    keys = {kid: base64.b64decode(k, validate=True) for kid, k in raw["keys"].items()}
    active = raw["active"]
    if active not in keys or any(len(k) != 32 for k in keys.values()):
        raise ConfigError("KEY_RING must name an active key and hold only 32-byte keys")
    return {"active": active, "keys": keys}


def missing_sub_rings(ring: dict) -> list[str]:
    """The kinds of key (audit, totp) the parsed RING lacks."""
    return [kind for kind in SUB_RINGS if not ring.get(kind)]


def _new_ring(key_id: str) -> dict:
    return {"active": key_id, "keys": {key_id: base64.b64encode(secrets.token_bytes(32)).decode()}}


def parse_blind_index_key(text: str) -> bytes:
    """Decode the base64 blind-index key (at least 32 bytes)."""
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise ConfigError("BLIND_INDEX_KEY is not valid base64") from exc
    if len(key) < 32:
        raise ConfigError("BLIND_INDEX_KEY must be at least 32 bytes")
    return key


def new_key_ring_json(key_id: str = "k1") -> str:
    """A fresh key ring: one random key-encryption key, one audit key and one TOTP key."""
    ring = _new_ring(key_id)
    ring.update({kind: _new_ring(sub_id) for kind, sub_id in SUB_RINGS.items()})
    return json.dumps(ring, indent=2)


def add_missing_sub_rings(path: Path) -> list[str]:
    """Give the ring file at PATH any audit or TOTP ring it lacks (rings made before them)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    added = [kind for kind in SUB_RINGS if not raw.get(kind)]
    if added:
        raw.update({kind: _new_ring(SUB_RINGS[kind]) for kind in added})
        temporary = path.with_name(path.name + ".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(raw, indent=2))
        os.replace(temporary, path)
    return added


class BaseConfig:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SERVICE_NAME = "DIVERT and ENGAGE referrals"
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # WTF_CSRF stays on everywhere, tests included (security.md item 9).
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session, which is bounded below
    MAX_CONTENT_LENGTH = 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    LOCKOUT_THRESHOLD = 10
    LOCKOUT_WINDOW = timedelta(minutes=5)
    LOGIN_IP_LIMIT = "30 per 5 minutes"
    LOGIN_ACCOUNT_LIMIT = "20 per 5 minutes"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    HSTS = False
    TEMPLATES_AUTO_RELOAD = False
    MAIL_BACKENDS = ("console", "smtp")
    MAIL_FALSE_WORDS = ("0", "false", "no", "off")
    SMTP_TIMEOUT = 10  # seconds: a hung relay must not hold an outbox row lock for long

    def __init__(self) -> None:
        self.SQLALCHEMY_DATABASE_URI = self.database_url()
        redis_url = _env("REDIS_URL")
        self.REDIS_URL = redis_url
        self.RATELIMIT_STORAGE_URI = redis_url or "memory://"
        self.RATELIMIT_KEY_PREFIX = _env("RATELIMIT_KEY_PREFIX", "divert")
        self.LOGIN_IP_LIMIT = _env("LOGIN_IP_LIMIT", self.LOGIN_IP_LIMIT)
        # Per account too, across every sign-in door, whichever addresses the guesses come from.
        self.LOGIN_ACCOUNT_LIMIT = _env("LOGIN_ACCOUNT_LIMIT", self.LOGIN_ACCOUNT_LIMIT)
        # How many reverse proxies in front set X-Forwarded-For/-Proto; 0 (default) trusts none.
        trusted = _env("TRUSTED_PROXIES", "0")
        if not trusted.isdigit():
            raise ConfigError("TRUSTED_PROXIES must be the number of proxies in front (0 for none)")
        self.TRUSTED_PROXIES = int(trusted)
        # A whole training room may share one police network address.
        self.FEEDBACK_IP_LIMIT = _env("FEEDBACK_IP_LIMIT", "60 per 10 minutes")
        # Outbox mail: only production sends real mail unless told otherwise.
        default_backend = "smtp" if self.ENV_NAME == "production" else "console"
        self.MAIL_BACKEND = _env("MAIL_BACKEND", default_backend)
        if self.MAIL_BACKEND not in self.MAIL_BACKENDS:
            raise ConfigError(f"MAIL_BACKEND must be one of {', '.join(self.MAIL_BACKENDS)}")
        self.PUBLIC_BASE_URL = self.public_base_url()
        self.MAIL_FROM = _env("MAIL_FROM", "no-reply@localhost")
        self.SMTP_HOST = _env("SMTP_HOST", "localhost")
        smtp_port = _env("SMTP_PORT", "587")
        if not smtp_port.isdigit() or not 0 < int(smtp_port) < 65536:
            raise ConfigError("SMTP_PORT must be a port number between 1 and 65535")
        self.SMTP_PORT = int(smtp_port)
        # STARTTLS stays on unless plainly switched off, so credentials never go in clear.
        self.SMTP_STARTTLS = _env("SMTP_STARTTLS", "true").lower() not in self.MAIL_FALSE_WORDS
        self.SMTP_USERNAME = _env("SMTP_USERNAME")
        self.SMTP_PASSWORD = _read_secret("SMTP_PASSWORD")
        # Where `flask audit checkpoint` appends and `flask audit verify` reads, outside the
        # database (ideally a file the database's users cannot write, shipped to a log store).
        self.AUDIT_CHECKPOINT_FILE = _env("AUDIT_CHECKPOINT_FILE", self.default_checkpoint_file())
        # Entries written before the chain was keyed (up to this seq) keep their unkeyed hash.
        unkeyed_until = _env("AUDIT_UNKEYED_UNTIL", "0")
        if not unkeyed_until.isdigit():
            raise ConfigError("AUDIT_UNKEYED_UNTIL must be a whole number (an audit entry's seq)")
        self.AUDIT_UNKEYED_UNTIL = int(unkeyed_until)
        # The erasure log kept outside the database (shared/privacy/ledger.py); None: not kept.
        self.ERASURE_LEDGER = _env("ERASURE_LEDGER", self.default_erasure_ledger())
        self.load_secrets()

    def default_erasure_ledger(self) -> str | None:
        """Where the erasure ledger goes when ERASURE_LEDGER is not set."""
        return None

    def default_checkpoint_file(self) -> str | None:
        """No default in production: the operator names where checkpoints go."""
        return None

    def public_base_url(self) -> str:
        """The address email links point at; only development and tests may default it."""
        url = _env("PUBLIC_BASE_URL")
        if url is None and self.ENV_NAME == "production":
            raise ConfigError("PUBLIC_BASE_URL is not set: set it to the service's https address")
        return (url or "http://127.0.0.1:5000").rstrip("/")

    def database_url(self) -> str:
        """The database URL; subclasses supply a default where one is safe."""
        return normalise_database_url(_env("DATABASE_URL"))

    def load_secrets(self) -> None:
        """Read SECRET_KEY, KEY_RING and BLIND_INDEX_KEY; refuse to run without them."""
        for name in ("SECRET_KEY", "KEY_RING", "BLIND_INDEX_KEY"):
            if _read_secret(name) is None:
                raise ConfigError(
                    f"{name} is not set: set {name} (or {name}_FILE naming a file that holds it)"
                )
        secret_key = _read_secret("SECRET_KEY")
        if len(secret_key) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters of random data")
        self.SECRET_KEY = secret_key
        self.KEY_RING = parse_key_ring(_read_secret("KEY_RING"))
        missing = missing_sub_rings(self.KEY_RING)
        if missing:
            raise ConfigError(
                f"KEY_RING has no {' or '.join(missing)} key: add "
                + ", ".join(f'"{kind}": {{"active": ID, "keys": {{ID: base64 32-byte key}}}}'
                            for kind in missing)
            )
        self.BLIND_INDEX_KEY = parse_blind_index_key(_read_secret("BLIND_INDEX_KEY"))
        # Set only while `crypto reindex-people` moves every person to a new BLIND_INDEX_KEY.
        previous = _read_secret("BLIND_INDEX_PREVIOUS_KEY")
        self.BLIND_INDEX_PREVIOUS_KEY = parse_blind_index_key(previous) if previous else None
        # Rotation writes new keys to the file only when the ring came from that file.
        self.KEY_RING_FILE = None if _env("KEY_RING") else _env("KEY_RING_FILE")


def normalise_database_url(url: str | None) -> str:
    """Point postgres URLs at psycopg 3; refuse a missing URL."""
    if not url:
        raise ConfigError("DATABASE_URL is not set")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class ProductionConfig(BaseConfig):
    """Production: every secret from the environment, secure cookies, HSTS."""

    ENV_NAME = "production"
    HSTS = True


class DevelopmentConfig(BaseConfig):
    """The embedded default: SQLite in instance/, secrets generated there on first run."""

    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "session"
    TEMPLATES_AUTO_RELOAD = True

    def default_checkpoint_file(self) -> str | None:
        """Development keeps its checkpoints beside its database, in instance/."""
        return str(INSTANCE_DIR / "audit-checkpoints.jsonl")

    def database_url(self) -> str:
        """DATABASE_URL if set, else the embedded SQLite file in instance/ (created 0600)."""
        url = _env("DATABASE_URL")
        if url:
            return normalise_database_url(url)
        path = INSTANCE_DIR / "divert.sqlite3"
        private_folder(INSTANCE_DIR)
        private_file(path)  # SQLite gives its -wal and -shm files the database file's mode
        return f"sqlite:///{path}"

    def default_erasure_ledger(self) -> str | None:
        """Development keeps the erasure ledger beside the database, in instance/."""
        return str(INSTANCE_DIR / "erasure-ledger.jsonl")

    def load_secrets(self) -> None:
        """Use secrets from the environment, else from instance/, generating them once."""
        ensure_development_secrets(INSTANCE_DIR)
        for name, filename in DEV_SECRET_FILES.items():
            if _read_secret(name) is None:
                os.environ[f"{name}_FILE"] = str(INSTANCE_DIR / filename)
        super().load_secrets()


class TestConfig(BaseConfig):
    """Tests: ephemeral keys, a throwaway database, CSRF still on."""

    __test__ = False  # not a pytest test class, despite the name
    ENV_NAME = "test"
    TESTING = True
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "session"
    # Cheap argon2 parameters keep the suite fast; production uses the library defaults.
    ARGON2_FAST = True
    # Read the active KEK from the database every time: each test starts from empty tables.
    KEK_STATE_TTL = 0

    def __init__(self, database_url: str) -> None:
        self._database_url = database_url
        super().__init__()
        self.RATELIMIT_STORAGE_URI = "memory://"

    def database_url(self) -> str:
        """The database the test run was given."""
        return normalise_database_url(self._database_url)

    def load_secrets(self) -> None:
        """Fresh random keys for every test app."""
        self.SECRET_KEY = secrets.token_urlsafe(48)
        self.KEY_RING = parse_key_ring(new_key_ring_json())
        # Every test app in one process shares the audit key: they share one audit chain.
        self.KEY_RING["audit"] = _TEST_AUDIT_RING
        self.BLIND_INDEX_KEY = secrets.token_bytes(32)
        self.KEY_RING_FILE = None


_TEST_AUDIT_RING = parse_key_ring(new_key_ring_json())["audit"]

DEV_SECRET_FILES = {
    "SECRET_KEY": "secret_key",
    "KEY_RING": "key_ring.json",
    "BLIND_INDEX_KEY": "blind_index_key",
}


def private_folder(directory: Path) -> None:
    """Make DIRECTORY if missing, and make it (0700) readable by this user only."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if directory.stat().st_mode & 0o077:
        directory.chmod(0o700)


def private_file(path: Path) -> None:
    """Create PATH empty if missing, mode 0600, and take group and others' access away."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)


def ensure_development_secrets(directory: Path) -> list[str]:
    """Create any missing development secret in DIRECTORY (mode 0600); return what was made."""
    private_folder(directory)
    makers = {
        "secret_key": lambda: secrets.token_urlsafe(48),
        "key_ring.json": new_key_ring_json,
        "blind_index_key": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    made = []
    for filename, make in makers.items():
        path = directory / filename
        if path.exists():
            continue
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(make())
        made.append(filename)
    # A ring made before the audit and TOTP keys existed gains them once.
    made += [f"key_ring.json ({kind} key)"
             for kind in add_missing_sub_rings(directory / "key_ring.json")]
    if made:
        print(
            f"*** Development secrets generated in {directory}: {', '.join(made)}. "
            "These are for this machine only; production reads its own from the environment.",
            file=sys.stderr,
        )
    return made


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig}


def load_config(env_name: str | None = None) -> BaseConfig:
    """Build the config named by APP_ENV; production unless told otherwise.

    A forgotten APP_ENV must never mean development, which writes keys into instance/: make run
    and the tests say development or test explicitly.
    """
    name = env_name or _env("APP_ENV", "production")
    if name not in CONFIGS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]()
