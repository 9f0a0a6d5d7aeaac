"""Every form survives garbage (issue #20, point 6).

Every URL name whose view takes POST (test_post_views' walk of the resolver) is posted hostile
values by a user allowed to post there (the permission matrix's fixture and kwargs): empty, 10,000
characters, `²` (a digit to str.isdigit, not to int()), NUL, emoji outside the BMP, -1, 10**30,
a garbage file in every file field, and the ids of another municipality's records (the demo city)
in every id field. No answer may be a 500, and a refused post (anything but a redirect without an
error message) writes nothing: every model of the project, history tables included, keeps its row
count and largest pk. Each post runs in a savepoint rolled back afterwards, so one accepted post
does not change what the next one finds.
"""

import inspect
import re
import traceback
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from typing import Any, ClassVar

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.exceptions import FieldError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.urls import reverse

from sasaeai.accounts.constants import Perm, Role
from sasaeai.accounts.models import User
from sasaeai.accounts.tests import test_url_permissions as matrix
from sasaeai.accounts.tests.factories import UserFactory
from sasaeai.areas.demo import DEMO_CODE
from sasaeai.areas.models import Municipality
from sasaeai.councils.views.meetings import MEETING_PARTS
from sasaeai.dialogues import services as dialogue_services
from sasaeai.dialogues.tests.factories import dialogue_at
from sasaeai.resources import organiser_links
from sasaeai.tests.demo_city import DemoCityTestCase
from sasaeai.tests.test_post_views import post_views

HOSTILE = {
    "empty": "",
    "long": "長" * 10_000,
    "superscript": "²",
    "nul": "a\x00b",
    "emoji": "🙂𠮷",
    "negative": "-1",
    "huge": str(10**30),
}
# Rows that record a read, not a change: a refused form shown again with a resident's name on
# it (a request's page after a refused step) is a view of personal data, and is logged.
READS_RECORDED = frozenset({"core.PersonalDataAccess"})
# Data the matrix leaves out because a second step is enough there: ending a membership asks
# to confirm first (200), and the walk wants the change itself.
CONFIRMED = {"councils:member_end": {"confirmed": "1"}}
# Data a meeting's parts accept (the matrix posts the attendance only), for the probes.
MEETING_PART_DATA: dict[str, Callable[[Any], dict[str, Any]]] = {
    "decision": lambda fx: {"decision-title": "移動販売", "decision-method": "consensus"},
    "action": lambda fx: {"action-title": "チラシ", "action-owners": [fx.member.pk]},
    "reflection": lambda fx: {"reflection-kind": "keep", "reflection-text": "良かった"},
    "team": lambda fx: {
        "team-name": "広報",
        "team-purpose": "チラシ",
        "team-members": [fx.member.pk],
    },
}
# The values put into one field at a time of data the view accepts: the numeric traps for
# whatever reads numbers, dates or ids (and for the keys a view reads straight from the POST).
PROBED = ("nul", "huge", "superscript", "negative")
# A field Django keeps as typed text hands our code that text (NUL is refused by Django itself):
# the long text probes the column behind it (PostgreSQL refuses what is wider than the column).
TEXT_FIELDS = (forms.CharField, forms.EmailField, forms.URLField, forms.SlugField)
TEXT_PROBED = ("long",)
# A field checked against its fixed choices (or a tick box) hands our code a listed value or
# refuses the post before any of our code reads it: one value probes the page shown again.
CHOICE_FIELDS = (
    forms.ChoiceField,
    forms.TypedChoiceField,
    forms.MultipleChoiceField,
    forms.TypedMultipleChoiceField,
    forms.BooleanField,
)
CHOICE_PROBED = ("huge",)
# A view that accepts its baseline gets the numeric traps field by field (the probes above, each
# past the other fields' checks, as the field's kind calls for): the same traps in every field at
# once would only repeat them. At once it gets the values no probe puts everywhere.
AT_ONCE_WHEN_PROBED = ("empty", "long", "emoji")


def probe_kinds(field: forms.Field | None) -> tuple[str, ...]:
    """The hostile values to probe a field with, one at a time. Exact classes only: a field of
    ours derived from CharField may parse numbers, and gets every numeric trap."""
    if type(field) in TEXT_FIELDS:
        return TEXT_PROBED
    if type(field) in CHOICE_FIELDS:
        return CHOICE_PROBED
    return PROBED


GARBAGE_FILE = b"\x00\xff\xfe garbage \x00" * 64

# Posted signed out: the sign-in and password-reset forms (the operator's screens and the
# national unit amounts, which no municipal role writes, are posted by a superuser; the rest by
# the municipal admin).
ANONYMOUS = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "dialogues_public:write",
    "residents_public:report",
    "residents_public:organiser",
}
# The public views' kwargs and the data they accept (they have no entry in the matrix): a
# participants' page of a dialogue that takes cards (受付中), made by the walk.
PUBLIC_KWARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "accounts:password_reset_confirm": lambda fx: {"uidb64": "MQ", "token": "used-link"},
    "dialogues_public:write": lambda fx: {"key": fx.open_dialogue.key},
    # 「情報がちがう」 on the matrix's public place, and an organiser's link printed for it.
    "residents_public:report": lambda fx: {"lgcode": fx.city.code, "pk": fx.resource.pk},
    "residents_public:organiser": lambda fx: {"token": organiser_links.make_token(fx.resource.pk)},
    # 「行ってみたい」 from the matrix's public place (the place arrives in the posted data).
    "residents_public:request": lambda fx: {"lgcode": fx.city.code},
}
PUBLIC_DATA: dict[str, Callable[[Any], dict[str, Any]]] = {
    "dialogues_public:write": lambda fx: {"text": "坂道がつらい", "sector": "residents"},
    "residents_public:report": lambda fx: {"fields_wrong": ["fee"], "message": "300円です"},
    "residents_public:organiser": lambda fx: {"status": "paused", "note": "工事中"},
    "residents_public:request": lambda fx: {
        "kind": "visit",
        "name": "さくら",
        "phone": "042-555-0101",
        "consent": "on",
        "place": fx.resource.pk,
    },
}

# Fields read straight from request.POST by button views (not through a form), with the model
# whose pk they name; a field named here gets another municipality's pk in the "other ids" post.
RAW_ID_FIELDS: dict[str, str] = {
    "partner": "projects.ProjectPartner",
    "resource": "resources.Resource",
    "resources": "resources.Resource",
    "action": "councils.ActionItem",
    "meeting": "councils.Meeting",
    "decision": "councils.Decision",
    "present": "councils.Membership",
    "indicator": "plans.Indicator",
    "ids": "resources.Resource",
}


def names_read_from_post(view: type) -> tuple[set[str], list[type]]:
    """The POST keys a view's own code reads, and the form classes it binds to the POST."""
    keys: set[str] = set()
    form_classes: list[type] = []
    for klass in view.__mro__:
        if not klass.__module__.startswith("sasaeai"):
            continue
        source = inspect.getsource(klass)
        module = inspect.getmodule(klass)
        keys |= set(re.findall(r"(?:POST|data|post)\.(?:get|getlist)\(\s*\"([\w-]+)\"", source))
        keys |= set(re.findall(r"(?:POST|data|post)\[\s*\"([\w-]+)\"\s*\]", source))
        for name in re.findall(r"([\w.]*Form)\(\s*(?:self\.)?(?:request\.POST|data)", source):
            found: Any = module
            for part in name.split("."):
                found = getattr(found, part, None)
            if isinstance(found, type) and issubclass(found, forms.BaseForm):
                form_classes.append(found)
    return keys, form_classes


def form_fields(form: forms.BaseForm) -> Iterator[tuple[str, forms.Field]]:
    """(the name posted, the field) for every field of a bound or unbound form."""
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        if isinstance(field.widget, forms.MultiWidget):
            for suffix in field.widget.widgets_names:
                yield html_name + suffix, field
        else:
            yield html_name, field


def forms_in(context: Any) -> Iterator[forms.BaseForm]:
    """The forms (and formsets' forms) a rendered page had in its context, each once."""
    seen: set[int] = set()
    for value in context_values(context):
        if isinstance(value, forms.BaseFormSet):
            found = [value.management_form, *value.forms, value.empty_form]
        else:
            found = [value] if isinstance(value, forms.BaseForm) else []
        for form in found:
            if id(form) not in seen:
                seen.add(id(form))
                yield form


def context_values(context: Any) -> list[Any]:
    if context is None:
        return []
    # A ContextList (one Context per template rendered) or one Context.
    contexts = context if isinstance(context, list) else [context]
    return [value for one in contexts for value in one.flatten().values()]


def page_data(context: Any) -> dict[str, Any]:
    """What a page's forms hold, as the browser posts it back unchanged: a formset's saved
    rows only (its blank extra rows are not sent as rows)."""
    data: dict[str, Any] = {}
    for value in context_values(context):
        if isinstance(value, forms.BaseFormSet):
            kept = value.initial_form_count()
            data.update(initial_data(value.management_form))
            data[value.management_form.add_prefix("TOTAL_FORMS")] = str(kept)
            for form in value.forms[:kept]:
                data.update(initial_data(form))
        elif isinstance(value, forms.BaseForm):
            data.update(initial_data(value))
    return data


def municipality_path(model: type[models.Model], depth: int = 4) -> str | None:
    """A lookup from `model` to its municipality through foreign keys (None without one)."""
    if model is Municipality:
        return "pk"
    if model is User:
        return "role_assignments__municipality"
    queue: list[tuple[type[models.Model], str]] = [(model, "")]
    for _ in range(depth):
        following = []
        for current, path in queue:
            for field in current._meta.get_fields():
                if not (field.many_to_one or field.one_to_one) or not field.concrete:
                    continue
                target = field.related_model
                lookup = f"{path}{field.name}"
                if target is Municipality:
                    return lookup
                if target is not None and target is not User:
                    following.append((target, f"{lookup}__"))
        queue = following
    return None


class GarbageFormTests(DemoCityTestCase):
    """The permission matrix's city (132012) is the one posted to; the demo city is the other
    municipality whose ids are slipped in."""

    users: ClassVar[dict[str, Any]]

    setUpTestData = matrix.PermissionMatrixTests.__dict__["setUpTestData"]
    councils_fixture = matrix.PermissionMatrixTests.__dict__["councils_fixture"]
    fresh_escalation = matrix.PermissionMatrixTests.fresh_escalation

    def other_pk(self, model: type[models.Model]) -> int | None:
        """The pk of a record of `model` in the demo city (another municipality)."""
        other = Municipality.objects.get(code=DEMO_CODE)
        path = municipality_path(model)
        if path is None:
            return None
        try:
            row = model._base_manager.filter(**{path: other}).order_by("pk").first()
        except FieldError:
            return None
        return None if row is None else row.pk

    def digest(self) -> list[tuple[Any, ...]]:
        """Row count and largest pk of every model of the project (history models too), in
        one query: twice per post, a query per model would make the walk slow."""
        quote = connection.ops.quote_name
        parts = [
            f"SELECT '{m._meta.label}', COUNT(*), MAX({quote(m._meta.pk.column)}) "
            f"FROM {quote(m._meta.db_table)}"
            for m in apps.get_models()
            if m.__module__.startswith("sasaeai")
            and not m._meta.proxy
            and m._meta.label not in READS_RECORDED
        ]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts))
            return list(cursor.fetchall())

    def digest_before(self) -> list[tuple[Any, ...]]:
        """The digest every post starts from, taken again for each view (the matrix's kwargs
        may make records) and after a first sign-in (which writes): each post runs in a
        savepoint rolled back afterwards, so the database is otherwise the same before each
        of the thousands of posts."""
        if self.before is None:
            self.before = self.digest()
        return self.before

    def user_for(self, name: str) -> Any:
        if name in ANONYMOUS:
            return None
        entry = matrix.MATRIX.get(name)
        if entry is not None and (entry.perm == Perm.OPERATE or entry.roles == frozenset()):
            return self.operator
        return self.users[Role.MUNICIPAL_ADMIN]

    def targets(self) -> Iterator[tuple[str, str, type, dict]]:
        """(label, URL name, view, kwargs) for every POST view; each meeting part on its own."""
        for name, view in sorted(post_views().items()):
            entry = matrix.MATRIX.get(name)
            public = PUBLIC_KWARGS.get(name)
            kwargs = entry.kwargs(self) if entry is not None else public(self) if public else {}
            if name == "councils:meeting_part":
                for part, part_view in MEETING_PARTS.items():
                    yield f"{name}[{part}]", name, part_view, {**kwargs, "part": part}
            else:
                yield name, name, view, kwargs

    def sign_in(self, user: Any) -> None:
        """Sign `user` in (None: signed out), outside the post's savepoint: the first time
        for real, later by giving the client that session's cookie back (a post that signs
        out or rotates the session is rolled back, its cookie is not)."""
        key = None if user is None else user.pk
        if key not in self.sessions:
            # Not client.logout(): that would end the session of the user signed in before.
            self.client.cookies = SimpleCookie()
            if user is not None:
                self.client.force_login(user)
            self.sessions[key] = SimpleCookie(self.client.cookies.output(header="").strip())
            self.before = None
        self.client.cookies = SimpleCookie(self.sessions[key].output(header="").strip())

    def survey(self, name: str, view: type, url: str, user: Any, part: str) -> tuple[dict, dict]:
        """(fields, baseline). Fields: every name the view reads (from the form it binds to an
        empty post, the forms and keys its code binds to the POST), with the form field when
        there is one. Baseline: data the view accepts: the matrix's, else what its page's
        forms hold (an edit page posted back unchanged)."""
        fields: dict[str, forms.Field | None] = {}
        baseline: dict[str, Any] = {}
        self.sign_in(user)
        with transaction.atomic():
            if "get" in view.http_method_names and hasattr(view, "get"):
                baseline = page_data(self.client.get(url).context)
            try:
                response = self.client.post(url, {})
            except Exception:
                response = None  # posted again in the walk, where its failure is reported
            transaction.set_rollback(True)
        context = None if response is None else response.context
        for form in forms_in(context):
            if form.is_bound:
                fields.update(form_fields(form))
        if not baseline:
            # A form posted from another page (a meeting's parts, a project's forms): what
            # that page, shown again on the refusal, holds before anything is typed.
            baseline = page_data(context)
        keys, form_classes = names_read_from_post(view)
        for form_class in form_classes:
            for field_name, field in form_class.base_fields.items():
                prefix = form_class.prefix
                fields.setdefault(f"{prefix}-{field_name}" if prefix else field_name, field)
        entry = matrix.MATRIX.get(name)
        part = MEETING_PART_DATA.get(part)
        if part is not None:
            baseline = part(self)
        elif entry is not None and entry.data is not None:
            baseline = {**entry.data(self), **CONFIRMED.get(name, {})}
        elif name in PUBLIC_DATA:
            baseline = PUBLIC_DATA[name](self)
        for key in [*keys, *baseline]:
            fields.setdefault(key, None)
        fields.pop("csrfmiddlewaretoken", None)
        baseline.pop("csrfmiddlewaretoken", None)
        return fields, baseline

    def id_model(self, name: str, field: forms.Field | None) -> type[models.Model] | None:
        queryset = getattr(field, "queryset", None)
        if queryset is not None:
            return queryset.model
        bare = name.rsplit("-", 1)[-1]
        return apps.get_model(RAW_ID_FIELDS[bare]) if bare in RAW_ID_FIELDS else None

    def posts(
        self, fields: dict, baseline: dict, kinds: tuple[str, ...]
    ) -> Iterator[tuple[str, dict]]:
        """(value kind, POST data): each of the hostile values `kinds` in every field at once,
        then the baseline with every id field naming another municipality's record."""
        file_fields = {n for n, f in fields.items() if isinstance(f, forms.FileField)}
        for kind in kinds:
            value = HOSTILE[kind]
            data: dict[str, Any] = {n: value for n in fields if n not in file_fields}
            for n in file_fields:
                if kind != "empty":
                    data[n] = SimpleUploadedFile("garbage.xlsx", GARBAGE_FILE)
            yield kind, data
        others = {}
        for n, field in fields.items():
            model = self.id_model(n, field)
            pk = None if model is None else self.other_pk(model)
            if pk is not None:
                others[n] = str(pk)
        if others:
            yield "other ids", {**baseline, **others}

    def probes(self, fields: dict, baseline: dict) -> Iterator[tuple[str, dict]]:
        """The baseline with one field at a time holding a hostile value: the garbage gets
        past the other fields' checks, as far as the service and the database."""
        for field_name, field in fields.items():
            if isinstance(field, forms.FileField):
                continue
            for kind in probe_kinds(field):
                yield f"{kind} in {field_name}", {**baseline, field_name: HOSTILE[kind]}

    def test_no_post_is_a_500_and_a_refused_post_writes_nothing(self) -> None:
        self.operator = UserFactory(is_superuser=True)
        self.open_dialogue = dialogue_at(self.meeting, user=self.users[Role.SC_LAYER1])
        dialogue_services.dialogue_set_status(
            dialogue=self.open_dialogue, user=self.users[Role.SC_LAYER1], status="open"
        )
        self.sessions: dict[Any, SimpleCookie] = {}
        self.before: list[tuple[Any, ...]] | None = None
        self.theirs = self.other_city_history()
        failures: list[str] = []
        walked = set()
        probed = set()
        probes_done: set[tuple[str, str]] = set()
        for label, name, view, kwargs in self.targets():
            self.before = None  # the matrix's kwargs may have made records for this view
            url = reverse(name, kwargs=kwargs)
            user = self.user_for(name)
            fields, baseline = self.survey(name, view, url, user, kwargs.get("part", ""))
            accepted = bool(baseline) and self.post_once(url, user, baseline)[1]
            kinds = AT_ONCE_WHEN_PROBED if accepted else tuple(HOSTILE)
            for kind, data in self.posts(fields, baseline, kinds):
                walked.add((label, kind))
                other_ids = kind == "other ids"
                problem, _accepted = self.post_once(url, user, data, other_ids=other_ids)
                failures += self.judged(label, kind, problem)
            if not accepted:
                continue  # no data this view accepts: the posts above are all it gets
            probed.add(label)
            for kind, data in self.probes(fields, baseline):
                probes_done.add((label, kind))
                problem, _accepted = self.post_once(url, user, data)
                failures += self.judged(label, kind, problem)
        # The walk reached the views it must, with every value (the other ids where the form
        # has a record to choose), and probed views from each kind of baseline: the matrix's
        # data for a button and a posted form, an edit page's own values.
        # A value not posted at once was probed field by field ("nul in name", …).
        covered = walked | {
            (label, kind) for label, probe in probes_done for kind in PROBED
            if probe.startswith(f"{kind} in ")
        }  # fmt: skip
        for label in ("councils:create", "resources:verify", "councils:meeting_part[try]"):
            for kind in HOSTILE:
                self.assertIn((label, kind), covered)
        self.assertNotIn(("resources:edit", "huge"), walked)  # probed: not at once
        self.assertIn(("projects:partner_add", "other ids"), walked)
        self.assertIn("dialogues_public:write", probed)
        self.assertLessEqual(
            {
                "councils:member_end",
                "councils:meeting_part[team]",
                "projects:budget",
                "plans:plan_edit",
                "resources:edit",
            },
            probed,
        )
        # Each kind of field got its probes: text the long one, a choice one value, a number
        # every numeric trap.
        self.assertLessEqual(
            {
                ("resources:edit", "long in name"),
                ("resources:edit", "huge in kind"),
                *(("resources:edit", f"{kind} in capacity") for kind in PROBED),
            },
            probes_done,
        )
        self.assertNotIn(("resources:edit", "nul in name"), probes_done)
        self.assertEqual(failures, [], "\n".join(failures))

    def judged(self, label: str, kind: str, problem: str) -> list[str]:
        """The failure to report for this post, if any."""
        return [f"{label} [{kind}]: {problem}"] if problem else []

    def other_city_history(self) -> dict[str, int]:
        """History rows of the demo city's records, per history model: a change of any of its
        records (created, edited, deleted) adds one."""
        other = Municipality.objects.get(code=DEMO_CODE)
        found = {}
        for model in apps.get_models():
            if not model.__module__.startswith("sasaeai") or not hasattr(model, "history_id"):
                continue
            path = municipality_path(model)
            if path is not None:
                found[model._meta.label] = model._base_manager.filter(**{path: other}).count()
        return found

    def post_once(
        self, url: str, user: Any, data: dict, *, other_ids: bool = False
    ) -> tuple[str, bool]:
        """('' when the post was answered well, else what went wrong; whether it was taken).
        With `other_ids`, also that the other municipality's records were left alone, taken
        or not."""
        self.sign_in(user)
        with transaction.atomic():
            before = self.digest_before()
            try:
                response = self.client.post(url, data)
            except Exception as error:
                transaction.set_rollback(True)
                return "500 " + where(error), False
            after = self.digest()
            touched = sorted(
                label
                for label, count in (self.other_city_history() if other_ids else {}).items()
                if count != self.theirs[label]
            )
            transaction.set_rollback(True)
        if response.status_code >= 500:
            return f"{response.status_code}", False
        if touched:
            return f"changed another municipality's records: {touched}", False
        errors = [m for m in get_messages(response.wsgi_request) if m.level >= messages.ERROR]
        accepted = response.status_code in (301, 302, 303) and not errors
        if accepted or before == after:
            return "", accepted
        changed = sorted(row[0] for row in set(after) - set(before))
        return f"refused ({response.status_code}) but wrote {changed}", False


def initial_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a form shows before anything is typed, as the browser would post it back."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = field.prepare_value(bound.initial)
        widget = field.widget
        if isinstance(widget, forms.FileInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for suffix, part in zip(widget.widgets_names, parts, strict=False):
                if part is not None:
                    data[bound.html_name + suffix] = part
            continue
        shown = widget.format_value(value)
        if shown is not None:
            data[bound.html_name] = shown
    return data


def where(error: BaseException) -> str:
    """The error and the last line of the project's code it passed through."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/sasaeai/" in f.filename]
    line = (
        f" at {frames[-1].filename.split('/sasaeai/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    )
    return f"{type(error).__name__}: {str(error)[:120]}{line}"
