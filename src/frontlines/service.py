"""The one object that owns what extraction loads: settings, the spaCy pipeline, the gazetteer, the
event-type models and the lexicons. Each part is built on first use from the others (the pipeline's
gazetteer component labels places with this service's gazetteer), or given: `Service(gazetteer=g)`
runs the whole pipeline on `g`. `prepare()` loads everything once; engines call it in the parent
before workers fork, so that workers share the loaded models instead of each building them.
`default_service()` is the process's service for callers that pass none."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import lexicons as lex
from .config import SETTINGS, Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from .events.classify import TypeModel
    from .events.reader import Reader
    from .places.gazetteer import Gazetteer

_UNSET: Any = object()  # "not given": None is a value for the models (no model)


class Lexicons:
    """The validated data files the stages read. A table not given is the shipped one, read once per
    process by `lexicons.py`; a test passes its own (`Lexicons(common_words=frozenset())`)."""

    def __init__(self, *, events: dict[str, Any] | None = None, reporting: dict[str, Any] | None = None,
                 actors: dict[str, Any] | None = None, countries: dict[str, lex.Country] | None = None,
                 common_words: frozenset[str] | None = None) -> None:
        self._given = {"events": events, "reporting": reporting, "actors": actors, "countries": countries,
                       "common_words": common_words}

    def _get(self, name: str, load) -> Any:
        given = self._given[name]
        return load() if given is None else given

    @property
    def events(self) -> dict[str, Any]:
        return self._get("events", lex.event_lexicon)

    @property
    def reporting(self) -> dict[str, Any]:
        return self._get("reporting", lex.reporting_lexicon)

    @property
    def actors(self) -> dict[str, Any]:
        return self._get("actors", lex.actor_lexicon)

    @property
    def countries(self) -> dict[str, lex.Country]:
        return self._get("countries", lex.countries)

    @property
    def common_words(self) -> frozenset[str]:
        return self._get("common_words", lex.common_capitalised_words)

    def prepare(self) -> None:
        """Read and validate every table now: a malformed file fails before any article is read."""
        for name in self._given:
            getattr(self, name)


class Service:
    """Settings, spaCy, gazetteer, event models and lexicons for one extraction setup.

    A part given to the constructor is used as given; the others are built on first use, each once.
    A given `nlp` brings its own gazetteer component: the service then takes that component's
    gazetteer, and refuses another one, so that places are never labelled by one index and resolved
    by another."""

    def __init__(self, settings: Settings | None = None, *, nlp: Language | None = None,
                 gazetteer: Gazetteer | None = None, lexicons: Lexicons | None = None,
                 type_model: TypeModel | None = _UNSET, reader: Reader | None = _UNSET) -> None:
        self.settings = settings or SETTINGS
        self.lexicons = lexicons or Lexicons()
        self._nlp, self._gazetteer, self._type_model, self._reader = nlp, gazetteer, type_model, reader
        ruler = _ruler(nlp)
        if ruler is not None and gazetteer is not None and ruler.gazetteer is not gazetteer:
            raise ValueError("the given nlp labels places with another gazetteer than the one given: "
                             "give one of them, or an nlp built by nlp.build() with this gazetteer")
        if ruler is not None and gazetteer is None:
            self._gazetteer = ruler.gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from .nlp import open_gazetteer

            self._gazetteer = open_gazetteer(self.settings.gazetteer_path)
        return self._gazetteer

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from .nlp import build

            self._nlp = build(self.settings, self.gazetteer, self.lexicons.common_words)
        return self._nlp

    @property
    def type_model(self) -> TypeModel | None:
        """The sentence-level event-type model (events/classify.py), trained with this service's
        pipeline and gazetteer when no cached one fits; None without examples."""
        if self._type_model is _UNSET:
            from .events.classify import load_model

            self._type_model = load_model(self.nlp, self.gazetteer, self.settings)
        return self._type_model

    @property
    def reader(self) -> Reader | None:
        """The fine-tuned sentence reader (events/reader.py), or None where it cannot run."""
        if self._reader is _UNSET:
            from .events.reader import load_reader

            self._reader = load_reader()
        return self._reader

    def prepare(self) -> "Service":
        """Load every part now (and build the gazetteer index and the event model on a fresh
        machine); the reader only when the settings use it. Cheap once done."""
        self.lexicons.prepare()
        self.nlp  # noqa: B018 - loads the gazetteer too
        self.type_model  # noqa: B018
        if self.settings.reader_type_over is not None:
            self.reader  # noqa: B018
        return self


def _ruler(nlp: Language | None) -> Any:
    return nlp.get_pipe("frontlines_gazetteer") if nlp is not None and "frontlines_gazetteer" in nlp.pipe_names else None


_DEFAULT: Service | None = None


def default_service() -> Service:
    """The process's service, on the shipped settings and data, for callers that pass none."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Service()
    return _DEFAULT
