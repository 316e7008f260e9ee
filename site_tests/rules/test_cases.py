"""Every sentence-named case in cases/*.yaml, run through the rule core in CPython."""

from datetime import date, datetime

EXPECTATIONS = ("due", "error", "reviews", "applies")


def as_value(text):
    """An ISO string from a case or a result as a date or datetime (None stays None)."""
    if text is None:
        return None
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def test_case(case, runner):
    assert any(key in case for key in EXPECTATIONS), f"{case['file']}: {case['name']}: nothing expected"
    result = runner.run_case(case)

    if "error" in case:
        assert result.get("error") == case["error"], result
        assert "\n" not in result["message"], "errors are one line for a person"
        return
    assert "error" not in result, result.get("message")

    if "due" in case:
        assert as_value(result["due"]) == as_value(case["due"])
        if "skipped" in case:
            assert result["skipped"] == case["skipped"]
    if "reviews" in case:
        assert result["reviews"] == case["reviews"]
    if "applies" in case:
        assert result["applies"] is case["applies"]
        assert result["triggers"] == case["triggers"]


def test_case_names_are_unique_sentences(all_cases):
    names = [case["name"] for case in all_cases]
    assert len(names) == len(set(names)), "two cases share a name"
    assert all(len(name.split()) >= 5 for name in names), "name each case as a sentence"
    assert len(all_cases) >= 40
