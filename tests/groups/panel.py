"""Reads the group list's filter panel as a visitor sees it: each option with its count."""

import re
from html.parser import HTMLParser

COUNTED = re.compile(r"^(?P<label>.*) \((?P<count>[\d’]+)\)$")


class Panel(HTMLParser):
    """`selects`: {select id: [option]}; `radios`: {input name: [option]}; an option is a
    dict of value, label, count (None when not shown), selected and, in a select, the
    optgroup it sits in."""

    def __init__(self, html):
        super().__init__()
        self.selects, self.radios = {}, {}
        self._select = self._group = self._option = self._radio = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = self.selects.setdefault(attrs.get("id"), [])
        elif tag == "optgroup":
            self._group = attrs.get("label")
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs}
            self._option.update(group=self._group, text="")
        elif tag == "input" and attrs.get("type") == "radio":
            self._radio = {"value": attrs.get("value"), "selected": "checked" in attrs, "text": ""}
            self.radios.setdefault(attrs.get("name"), []).append(self._radio)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "optgroup":
            self._group = None
        elif tag == "option" and self._option is not None:
            self._select.append(_counted(self._option))
            self._option = None
        elif tag == "label" and self._radio is not None:
            _counted(self._radio)
            self._radio = None

    def handle_data(self, data):
        for current in (self._option, self._radio):
            if current is not None:
                current["text"] += data

    def counts(self, select_or_name):
        """{value: count} of the options that show a count."""
        options = self.selects.get(select_or_name) or self.radios.get(select_or_name, [])
        return {o["value"]: o["count"] for o in options if o["count"] is not None}


def _counted(option):
    text = " ".join(option.pop("text").split())
    match = COUNTED.match(text)
    option["label"] = match["label"] if match else text
    option["count"] = int(match["count"].replace("’", "")) if match else None
    return option


def panel(response):
    return Panel(response.content.decode())
