"""Settings from the environment: defaults, and one clear line for every bad value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hypernet.cli import main
from hypernet.core.config import ENV_NAMES, PROJECT_ROOT, ConfigError, Settings, load_settings


def test_no_variables_give_the_documented_defaults() -> None:
    settings = load_settings({})
    assert settings == Settings()
    assert (settings.database_url, settings.port, settings.data_dir) == (None, 8080, ".hypernet")


def test_values_are_decoded_trimmed_and_case_insensitive_where_it_helps() -> None:
    settings = load_settings(
        {
            "DATABASE_URL": "postgresql://u:p@db.example:6432/hn",
            "HYPERNET_PORT": " 9090 ",
            "HYPERNET_POOL_MAX_SIZE": "20",
            "HYPERNET_LOCK_TIMEOUT": "0.5",
            "HYPERNET_LOG_LEVEL": "debug",
            "HYPERNET_HOST": "",  # empty means unset
        }
    )
    assert settings.port == 9090
    assert settings.pool_max_size == 20
    assert settings.lock_timeout == 0.5
    assert settings.log_level == "DEBUG"
    assert settings.host == "127.0.0.1"


def test_every_setting_has_an_environment_variable() -> None:
    assert set(ENV_NAMES) == set(Settings.__struct_fields__)
    assert all(v == "DATABASE_URL" or v.startswith("HYPERNET_") for v in ENV_NAMES.values())


@pytest.mark.parametrize(
    ("var", "value", "message"),
    [
        ("HYPERNET_PORT", "abc", "='abc' is invalid: expected a whole number from 1 to 65535"),
        ("HYPERNET_PORT", "70000", "='70000' is invalid: expected a whole number from 1 to 65535"),
        ("HYPERNET_PORT", "8080.0", "='8080.0' is invalid: expected a whole number"),
        ("HYPERNET_POOL_MAX_SIZE", "0", "='0' is invalid: expected a whole number from 1 to 1000"),
        ("HYPERNET_POOL_MIN_SIZE", "40", "=40 exceeds HYPERNET_POOL_MAX_SIZE=32"),
        (
            "HYPERNET_STATEMENT_TIMEOUT",
            "0",
            "='0' is invalid: expected a number of seconds above 0",
        ),
        ("HYPERNET_CONNECT_TIMEOUT", "nan", "='nan' is invalid: expected a number of seconds"),
        ("HYPERNET_LOG_LEVEL", "loud", "='loud' is invalid: expected one of DEBUG, ERROR, INFO"),
        (
            "DATABASE_URL",
            "mysql://x",
            " is invalid: it must start with postgresql:// or postgres://",
        ),
        ("DATABASE_URL", "postgresql://h:port/db", " is invalid: its port is not a number"),
        ("HYPERNET_JWT_SECRET", "too-short", " must be at least 32 characters long"),
    ],
)
def test_bad_value_is_refused_with_one_line_naming_the_variable(
    var: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError) as failure:
        load_settings({var: value})
    assert str(failure.value).startswith(var + message)
    assert "\n" not in str(failure.value)


def test_error_about_a_secret_never_echoes_it() -> None:
    with pytest.raises(ConfigError) as failure:
        load_settings({"DATABASE_URL": "mysql://admin:hunter2-secret@db/x"})
    assert "hunter2" not in str(failure.value)


def test_replica_urls_are_listed_checked_and_never_echoed() -> None:
    primary = {"DATABASE_URL": "postgresql://u:p@primary/hn"}
    settings = load_settings(
        {
            **primary,
            "HYPERNET_REPLICA_URLS": " postgresql://u:p@r1/hn , postgresql://u:p@r2:6432/hn ",
            "HYPERNET_REPLICA_MAX_LAG": "2.5",
        }
    )
    assert settings.replica_url_list == ("postgresql://u:p@r1/hn", "postgresql://u:p@r2:6432/hn")
    assert settings.replica_max_lag == 2.5
    assert "r1" not in repr(settings)
    with pytest.raises(ConfigError) as failure:
        load_settings(
            {**primary, "HYPERNET_REPLICA_URLS": "postgresql://u:p@r1/hn,mysql://u:hunter2@r2/x"}
        )
    assert str(failure.value).startswith("HYPERNET_REPLICA_URLS (URL 2) is invalid")
    assert "hunter2" not in str(failure.value)
    with pytest.raises(ConfigError, match="DATABASE_URL is not"):
        load_settings({"HYPERNET_REPLICA_URLS": "postgresql://u:p@r1/hn"})
    with pytest.raises(ConfigError, match="HYPERNET_REPLICA_MAX_LAG='0' is invalid"):
        load_settings({**primary, "HYPERNET_REPLICA_MAX_LAG": "0"})


def test_main_stops_on_a_bad_setting_with_exit_code_2_and_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HYPERNET_POOL_MAX_SIZE", "0")
    assert main(["db", "status"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "hypernet: configuration error: HYPERNET_POOL_MAX_SIZE='0' is invalid: "
        "expected a whole number from 1 to 1000\n"
    )


def test_serve_with_a_bad_port_exits_2_before_starting_anything(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"HYPERNET_PORT": "abc", "HYPERNET_DATA_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "-m", "hypernet", "serve"],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "hypernet: configuration error: HYPERNET_PORT='abc' is invalid: "
        "expected a whole number from 1 to 65535\n"
    )
    assert result.stdout == ""
