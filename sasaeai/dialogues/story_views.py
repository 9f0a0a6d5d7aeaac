"""ストーリー探し (issue #25, point 5): the dialogue's stories on one page, beside its board.

The page lists the stories (the やりたい／困りごと card, the できること card, the place or
resource, and what each became, linked), a form to make one from the dialogue's cards and a
resource found with the search box on the same page (GET ?q=, no script), the links the tool
suggests (stories.suggest_links) as one-click forms, and per story its edit form and the four
steps: 地域課題・協議体のやること・つなぎ・官民連携の事業 (story_services).

Reading follows the meeting's council (councils.permissions.can_read), every change its
writers (can_write); a つなぎ also needs the coordinators' permission and a project the right
to edit in the council's 圏域, as on their own screens. Another municipality's dialogue is a
404. Every form posts to an address of its own and comes back here; a refused form shows this
page again with its input and reasons (400), a refused button a message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import has_perm
from sasaeai.activities.constants import ConnectionPurpose
from sasaeai.core.form_views import ActionView, FormPageView, PostedFormMixin
from sasaeai.councils.models import Membership
from sasaeai.resources.constants import ResourceStatus
from sasaeai.resources.models import Organization, Resource
from sasaeai.resources.selectors import ResourceFilters, resource_list
from sasaeai.utils.forms import DATE_HELP, ModelMultipleIdsField, WarekiDateField, int_or_none
from sasaeai.utils.search import search_query

from . import story_services
from .constants import CardType, DialogueStatus
from .models import Card, Dialogue, Story
from .stories import (
    RegistryFinder,
    ResourceMatch,
    council_area,
    council_areas,
    suggest_links,
)
from .views import DialogueMixin

# The search box's results, and the suggestions, shown at most.
SEARCH_SHOWN = 20
SUGGESTIONS_SHOWN = 5
CARD_NOT_FOUND = gettext_lazy("カードが見つかりません。画面を読み込み直してください。")


# --- forms ---------------------------------------------------------------------------------------


class CardField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Card) -> str:
        return obj.text


class MembersField(ModelMultipleIdsField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.name}（{obj.get_role_display()}）"


class ResourceField(forms.ModelChoiceField):
    """A resource of the municipality, picked from radio buttons: the page offers only some
    (the search's results, the suggestions), any of the municipality's is accepted."""

    widget = forms.RadioSelect


def resource_label(name: str, organization: str) -> str:
    return f"{name}（{organization}）" if organization and organization != name else name


def result_label(row: dict[str, Any]) -> str:
    """A search result to pick: its name, organisation, and its status unless 活動中."""
    label = resource_label(row["name"], row["organization__name"] or "")
    if row["status"] and row["status"] != ResourceStatus.ACTIVE:
        label += f"（{ResourceStatus(row['status']).label}）"
    return label


class StoryForm(forms.Form):
    """A story: its name, its cards, its resource and a note. One card at least, and the
    length of the name and the note, are the service's to say (in its own words)."""

    title = forms.CharField(
        label=gettext_lazy("ストーリーの名前"),
        error_messages={"required": gettext_lazy("ストーリーの名前を入力してください。")},
    )
    wish = CardField(
        label=gettext_lazy("やりたいこと・困りごと"),
        queryset=Card.objects.none(),
        required=False,
        empty_label=gettext_lazy("（選ばない）"),
        error_messages={"invalid_choice": CARD_NOT_FOUND},
    )
    ability = CardField(
        label=gettext_lazy("できること"),
        queryset=Card.objects.none(),
        required=False,
        empty_label=gettext_lazy("（選ばない）"),
        error_messages={"invalid_choice": CARD_NOT_FOUND},
    )
    resource = ResourceField(
        label=gettext_lazy("場所・地域資源"),
        queryset=Resource.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("この市町村の地域資源を選んでください。")},
    )
    note = forms.CharField(
        label=gettext_lazy("つながり方（メモ）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("だれの何と、だれの何が、どこでつながるか（1,000文字まで）。"),
    )

    def __init__(
        self,
        *args: Any,
        dialogue: Dialogue,
        offered: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        visible = Card.objects.filter(dialogue=dialogue, hidden=False).order_by("position", "pk")
        self.field("wish").queryset = visible.filter(card_type__in=story_services.WISH_TYPES)
        self.field("ability").queryset = visible.filter(card_type=CardType.ABILITY)
        resource = self.field("resource")
        resource.queryset = Resource.objects.filter(municipality_id=dialogue.municipality_id)
        # Only the resources offered are drawn (the whole registry would be thousands of
        # buttons); the one chosen stays among them.
        chosen = self.chosen_resource()
        offered = list(offered or [])
        if chosen is not None and chosen.pk not in {pk for pk, _label in offered}:
            label = resource_label(
                chosen.name, chosen.organization.name if chosen.organization else ""
            )
            offered.insert(0, (chosen.pk, label))
        resource.widget.choices = [("", _("（選ばない）")), *offered]

    def field(self, name: str) -> Any:
        return self.fields[name]

    def offer(self, more: list[tuple[int, str]]) -> None:
        """More resources to pick from, after 「選ばない」 and the one chosen."""
        choices = self.field("resource").widget.choices
        known = {pk for pk, _label in choices}
        choices.extend(c for c in more if c[0] not in known)

    def chosen_resource(self) -> Resource | None:
        """The resource the form holds (posted, or the story's), if it is the municipality's."""
        value = self.data.get(self.add_prefix("resource")) if self.is_bound else None
        if value is None:
            value = self.initial.get("resource")
        if isinstance(value, Resource):
            return value  # the story's own, read with it
        pk = int_or_none(value)
        if pk is None:
            return None
        queryset = self.field("resource").queryset.select_related("organization")
        return queryset.filter(pk=pk).first()


class NewStoryForm(StoryForm):
    prefix = "new"


class StoryRecordForm(forms.Form):
    """A form about one story, named in a hidden field (looked up in this dialogue only): each
    story's form has ids of its own (「edit-12-title」), also when it is posted back with its
    reasons."""

    id_prefix = ""

    story = forms.ModelChoiceField(
        queryset=Story.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": gettext_lazy(
                "ストーリーが見つかりません。画面を読み込み直してください。"
            )
        },
    )

    def setup_story(self, dialogue: Dialogue) -> None:
        self.fields["story"].queryset = Story.objects.filter(dialogue=dialogue)  # type: ignore[attr-defined]
        target = self.target_pk()
        if target is not None:
            self.auto_id = f"{self.id_prefix}-{target}-%s"

    def target_pk(self) -> int | None:
        return int_or_none(self.data.get("story")) if self.is_bound else None


class StoryEditForm(StoryRecordForm, StoryForm):
    id_prefix = "edit"

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, dialogue=dialogue, **kwargs)
        self.setup_story(dialogue)


class StoryActionForm(StoryRecordForm):
    id_prefix = "action"

    owners = MembersField(
        label=gettext_lazy("担当"),
        queryset=Membership.objects.none(),
        error_messages={
            "required": gettext_lazy("担当を1人以上選んでください。"),
            "invalid_choice": gettext_lazy("担当はこの協議体のメンバーから選んでください。"),
        },
    )
    due_on = WarekiDateField(label=gettext_lazy("期限"), required=False, help_text=DATE_HELP)

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_story(dialogue)
        # The council's members today (as councils.services.members_on), lazily: a page
        # draws this form for every story.
        today = timezone.localdate()
        self.fields["owners"].queryset = (  # type: ignore[attr-defined]
            Membership.objects.filter(council_id=dialogue.meeting.council_id)
            .filter(term_start__lte=today)
            .exclude(term_end__lt=today)
            .order_by("kana", "name", "pk")
        )


class StoryConnectionForm(StoryRecordForm):
    id_prefix = "connect"

    organization = forms.ModelChoiceField(
        label=gettext_lazy("つなぐ団体"),
        queryset=Organization.objects.none(),
        empty_label=gettext_lazy("（選んでください）"),
        error_messages={"invalid_choice": gettext_lazy("この市町村の団体を選んでください。")},
        help_text=gettext_lazy("この団体から、ストーリーの場所・地域資源へつなぎます。"),
    )
    purpose = forms.ChoiceField(
        label=gettext_lazy("つなぎの目的"),
        choices=[("", gettext_lazy("（選んでください）")), *ConnectionPurpose.choices],
    )

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_story(dialogue)
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            municipality_id=dialogue.municipality_id
        ).order_by("kana_key", "name", "pk")


class StoryButtonForm(StoryRecordForm):
    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_story(dialogue)


# --- the page ------------------------------------------------------------------------------------


def share_choices(drawn: list[Any], *names: str) -> None:
    """The same select on every story's form, read from the database once for the page: the
    first form's choices, listed, given to the others."""
    for name in names:
        shared: list[Any] | None = None
        for form in drawn:
            widget = form.fields[name].widget
            if shared is None:
                # iter(): list() would ask the iterator's length first, a COUNT query.
                shared = list(iter(widget.choices))
            widget.choices = shared


@dataclass
class StoryRow:
    """A story as the page draws it, with its forms (the refused one with its input)."""

    story: Story
    edit_form: StoryEditForm | None = None
    action_form: StoryActionForm | None = None
    connection_form: StoryConnectionForm | None = None
    candidates: list[ResourceMatch] = field(default_factory=list)
    refused: str = ""  # the name of this story's form that was refused, if any


@dataclass(frozen=True)
class SuggestionRow:
    """A suggested link: its two cards, the words they share, a name, resources to pick."""

    number: int
    wish: Card
    ability: Card
    words: tuple[str, ...]
    themes: tuple[str, ...]
    title: str
    resources: list[ResourceMatch]


class StoriesView(DialogueMixin, TemplateView):
    template_name = "dialogues/stories.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_dialogue()
        return super().get(request, *args, **kwargs)

    def stories_url(self, anchor: str = "") -> str:
        url = reverse("dialogues:stories", args=[self.municipality.code, self.dialogue.pk])
        return url + (f"#{anchor}" if anchor else "")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The form refused, if any: its reasons are summed up above the page.
        context["refused"] = next(
            (kwargs[n] for n in self.FORM_NAMES if kwargs.get(n) is not None), None
        )
        dialogue = self.dialogue
        may_write = self.may_write()
        writable = may_write and dialogue.status != DialogueStatus.DONE
        user = self.request.user
        area = council_area(self.council)
        may_connect = may_write and has_perm(user, Perm.COORDINATE, self.municipality)
        may_project = may_write and has_perm(user, Perm.EDIT_AREA, self.municipality, area)
        finder = RegistryFinder(self.municipality, council_areas(self.council))
        cards = list(
            Card.objects.filter(dialogue=dialogue, hidden=False).order_by("position", "pk")
        )
        stories = list(
            Story.objects.filter(dialogue=dialogue)
            .select_related(
                "wish",
                "ability__membership",
                "resource__organization",
                "challenge",
                "action",
                "project",
                "connection__from_organization",
                "connection__to_resource",
            )
            .order_by("pk")
        )
        query = search_query(self.request.GET.get("q"))
        results = self.search(query.text)
        offered = [(r["pk"], result_label(r)) for r in results]
        create_form = kwargs.pop("create_form", None) or NewStoryForm(
            dialogue=dialogue, offered=offered
        )
        if create_form.is_bound:
            # The page shown again: the search's results offered beside the one chosen.
            create_form.offer(offered)
        context.update(
            dialogue=dialogue,
            meeting=dialogue.meeting,
            council=self.council,
            may_write=may_write,
            writable=writable,
            may_connect=may_connect,
            may_project=may_project,
            rows=self.rows(stories, writable, may_write, finder, offered, kwargs),
            create_form=create_form,
            query=query,
            results=results,
            searched=bool(query.text),
            suggestions=self.suggestions(cards, stories, finder) if writable else [],
            wish_count=sum(1 for c in cards if c.card_type in story_services.WISH_TYPES),
            ability_count=sum(1 for c in cards if c.card_type == CardType.ABILITY),
        )
        return context

    FORM_NAMES = ("create_form", "edit_form", "action_form", "connection_form")

    def search(self, text: str) -> list[dict[str, Any]]:
        """The municipality's resources the search box found (the staff list's search)."""
        if not text:
            return []
        rows = resource_list(self.municipality, ResourceFilters(query=text))[:SEARCH_SHOWN]
        return [dict(r) for r in rows]

    def rows(
        self,
        stories: list[Story],
        writable: bool,
        may_write: bool,
        finder: RegistryFinder,
        offered: list[tuple[int, str]],
        refused: dict[str, Any],
    ) -> list[StoryRow]:
        dialogue = self.dialogue
        rows = []
        for story in stories:
            row = StoryRow(story=story)
            kept = {
                name: form
                for name, form in refused.items()
                if name in self.FORM_NAMES[1:] and form is not None and form.target_pk() == story.pk
            }
            if kept:
                row.refused = next(iter(kept))
            if writable:
                row.edit_form = kept.get("edit_form") or StoryEditForm(
                    dialogue=dialogue,
                    offered=offered,
                    auto_id=f"edit-{story.pk}-%s",
                    initial={
                        "story": story.pk,
                        "title": story.title,
                        "wish": story.wish_id,
                        "ability": story.ability_id,
                        "resource": story.resource,
                        "note": story.note,
                    },
                )
                if row.edit_form.is_bound:
                    row.edit_form.offer(offered)
                if story.resource_id is None:
                    texts = [c.text for c in (story.wish, story.ability) if c is not None]
                    row.candidates = finder.matching(story.title, *texts)
                    row.edit_form.offer(
                        [(m.pk, resource_label(m.name, m.organization)) for m in row.candidates]
                    )
            if may_write and story.action_id is None:
                row.action_form = kept.get("action_form") or StoryActionForm(
                    dialogue=dialogue, auto_id=f"action-{story.pk}-%s", initial={"story": story.pk}
                )
            if may_write and story.connection_id is None:
                initial: dict[str, Any] = {"story": story.pk}
                membership = story.ability.membership if story.ability else None
                if membership is not None and membership.organization_id:
                    initial["organization"] = membership.organization_id
                row.connection_form = kept.get("connection_form") or StoryConnectionForm(
                    dialogue=dialogue, auto_id=f"connect-{story.pk}-%s", initial=initial
                )
            rows.append(row)
        share_choices([r.edit_form for r in rows if r.edit_form], "wish", "ability")
        share_choices([r.action_form for r in rows if r.action_form], "owners")
        share_choices([r.connection_form for r in rows if r.connection_form], "organization")
        return rows

    def suggestions(
        self, cards: list[Card], stories: list[Story], finder: RegistryFinder
    ) -> list[SuggestionRow]:
        by_pk = {c.pk: c for c in cards}
        wishes = [(c.pk, c.text) for c in cards if c.card_type in story_services.WISH_TYPES]
        abilities = [(c.pk, c.text) for c in cards if c.card_type == CardType.ABILITY]
        taken = {(s.wish_id, s.ability_id) for s in stories if s.wish_id and s.ability_id}
        links = suggest_links(wishes, abilities, taken=taken, limit=SUGGESTIONS_SHOWN)
        return [
            SuggestionRow(
                number=n,
                wish=by_pk[link.wish],
                ability=by_pk[link.ability],
                words=link.words,
                themes=link.themes,
                title=link.title,
                resources=finder.matching(by_pk[link.wish].text, by_pk[link.ability].text),
            )
            for n, link in enumerate(links, start=1)
        ]


# --- forms posted from the page (a refusal: the page again, 400) ----------------------------------


class StoryFormView(PostedFormMixin, StoriesView, FormPageView):
    """A form of the stories page posted to its own address: the council's writers only."""

    anchor = ""  # where on the page to come back to (the story's box)

    def load(self) -> None:
        self.load_dialogue()
        self.require_write()

    def success_url(self) -> str:
        return self.stories_url(self.anchor)


class StoryCreateView(StoryFormView):
    form_name = "create_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return NewStoryForm(data, dialogue=self.dialogue)

    def change(self, data: dict[str, Any]) -> str:
        story = story_services.story_create(
            dialogue=self.dialogue,
            user=self.request.user,
            **{k: data[k] for k in ("title", "wish", "ability", "resource", "note")},
        )
        self.anchor = f"story-{story.pk}"
        return _("ストーリー「%(title)s」を作りました。") % {"title": story.title}


class StoryUpdateView(StoryFormView):
    form_name = "edit_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return StoryEditForm(data, dialogue=self.dialogue)

    def change(self, data: dict[str, Any]) -> str:
        story = story_services.story_update(
            story=data["story"],
            user=self.request.user,
            **{k: data[k] for k in ("title", "wish", "ability", "resource", "note")},
        )
        self.anchor = f"story-{story.pk}"
        return _("ストーリー「%(title)s」を保存しました。") % {"title": story.title}


class StoryToActionView(StoryFormView):
    form_name = "action_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return StoryActionForm(data, dialogue=self.dialogue)

    def change(self, data: dict[str, Any]) -> str:
        story = data["story"]
        action = story_services.story_to_action(
            story=story, user=self.request.user, owners=list(data["owners"]), due_on=data["due_on"]
        )
        self.anchor = f"story-{story.pk}"
        return _("「%(title)s」を%(council)sのやることにしました。") % {
            "title": action.title,
            "council": self.council.name,
        }


class StoryToConnectionView(StoryFormView):
    form_name = "connection_form"

    def load(self) -> None:
        super().load()
        if not has_perm(self.request.user, Perm.COORDINATE, self.municipality):
            raise PermissionDenied(_("つなぎを記録する権限がありません。"))

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return StoryConnectionForm(data, dialogue=self.dialogue)

    def change(self, data: dict[str, Any]) -> str:
        story = data["story"]
        connection = story_services.story_to_connection(
            story=story,
            user=self.request.user,
            organization=data["organization"],
            purpose=data["purpose"],
        )
        self.anchor = f"story-{story.pk}"
        return _("「%(from)s」から「%(to)s」へのつなぎ（提案）を記録しました。") % {
            "from": connection.from_organization,
            "to": connection.to_resource,
        }


# --- buttons (a refusal is a message on the page) ------------------------------------------------


class StoryButtonView(DialogueMixin, ActionView):
    """A button of a story: the council's writers only; the story is named in the form, and a
    refusal (of the form or of the service) is a message at the top of the stories page."""

    def load(self) -> None:
        self.load_dialogue()
        self.require_write()

    def act(self) -> HttpResponse:
        form = StoryButtonForm(self.request.POST, dialogue=self.dialogue)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        story = form.cleaned_data["story"]
        messages.success(self.request, self.change(story))
        return HttpResponseRedirect(self.stories_url(self.anchor_for(story)))

    def anchor_for(self, story: Story) -> str:
        return f"story-{story.pk}"

    def change(self, story: Story) -> str:
        raise NotImplementedError

    def stories_url(self, anchor: str = "") -> str:
        url = reverse("dialogues:stories", args=[self.municipality.code, self.dialogue.pk])
        return url + (f"#{anchor}" if anchor else "")

    def refused_url(self) -> str:
        # The top of the page, where the message is.
        return self.stories_url()


class StoryDeleteView(StoryButtonView):
    def anchor_for(self, story: Story) -> str:
        return "stories"

    def change(self, story: Story) -> str:
        title = story.title
        story_services.story_delete(story=story, user=self.request.user)
        return _("ストーリー「%(title)s」を削除しました。") % {"title": title}


class StoryToChallengeView(StoryButtonView):
    def change(self, story: Story) -> str:
        challenge = story_services.story_to_challenge(story=story, user=self.request.user)
        return _("地域課題「%(title)s」にしました。") % {"title": challenge.title}


class StoryToProjectView(StoryButtonView):
    def load(self) -> None:
        super().load()
        area = council_area(self.council)
        if not has_perm(self.request.user, Perm.EDIT_AREA, self.municipality, area):
            raise PermissionDenied(_("この圏域の事業を登録する権限がありません。"))

    def change(self, story: Story) -> str:
        project = story_services.story_to_project(story=story, user=self.request.user)
        return _("官民連携の事業「%(title)s」（アイデア）にしました。") % {"title": project.title}
