"""`coach help-now` and `coach config`, run as the real command."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_coach


def test_config_set_country_then_help_now_shows_lifeline(home: Path) -> None:
    assert run_coach(home, "config", "set", "country", "AU").returncode == 0
    shown = run_coach(home, "help-now")
    assert shown.returncode == 0
    assert "Lifeline: call 13 11 14" in shown.stdout and "000" in shown.stdout
    assert 'country = "AU"' in (home / "config.toml").read_text(encoding="utf-8")
    assert (home / "config.toml").stat().st_mode & 0o077 == 0


def test_help_now_without_a_country_points_anywhere(home: Path) -> None:
    shown = run_coach(home, "help-now")
    assert "findahelpline.com" in shown.stdout and "112" in shown.stdout
    assert "coach config set country" in shown.stdout


def test_help_now_works_when_the_data_folder_is_missing_or_damaged(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "folder"
    shown = run_coach(missing, "help-now")
    assert shown.returncode == 0 and "findahelpline.com" in shown.stdout
    assert not missing.exists()

    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x", encoding="utf-8")
    shown = run_coach(not_a_folder, "help-now")
    assert shown.returncode == 0 and "findahelpline.com" in shown.stdout

    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "drafts.json").write_text("{not json", encoding="utf-8")
    (damaged / "meta.json").write_text("\x00\x01", encoding="utf-8")
    (damaged / "config.toml").write_text("country = [", encoding="utf-8")
    shown = run_coach(damaged, "help-now")
    assert shown.returncode == 0 and "findahelpline.com" in shown.stdout
    assert "could not be read" in shown.stdout


def test_config_shows_each_key_explained(home: Path) -> None:
    shown = run_coach(home, "config")
    assert shown.returncode == 0
    assert "country (not set)" in shown.stdout and "ISO 3166" in shown.stdout
    run_coach(home, "config", "set", "country", "uk")
    assert "country = GB" in run_coach(home, "config").stdout
    assert run_coach(home, "config", "unset", "country").returncode == 0
    assert "country (not set)" in run_coach(home, "config").stdout


def test_config_errors_are_one_clear_line(home: Path) -> None:
    run_coach(home, "config", "set", "country", "NZ")
    before = (home / "config.toml").read_bytes()
    unknown = run_coach(home, "config", "set", "contry", "AU")
    assert unknown.returncode == 2 and "did you mean 'country'?" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
    bad = run_coach(home, "config", "set", "country", "XX")
    assert bad.returncode == 2 and "ISO 3166" in bad.stderr and "Traceback" not in bad.stderr
    assert (home / "config.toml").read_bytes() == before
    (home / "config.toml").write_text("country = 'Narnia'\n", encoding="utf-8")
    damaged = run_coach(home, "config")
    assert damaged.returncode == 1 and "config.toml" in damaged.stderr


def test_typing_distress_into_a_free_text_answer_stops_kindly(home: Path) -> None:
    shown = run_coach(home, "debrief", stdin="I don't want to be around anymore\nn\n")
    assert shown.returncode == 0
    assert "You wrote" in shown.stdout and "findahelpline.com" in shown.stdout
    assert "coach forget" in shown.stdout
    fine = run_coach(home, "debrief", stdin="I'm killing it today\n")
    assert "findahelpline.com" not in fine.stdout
