"""The built-in post-training questionnaire, in French, English and Arabic."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from babel import Locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Question, Questionnaire, QuestionRole, QuestionType

STANDARD_KEY = "standard-v1"
STANDARD_NAME = "Questionnaire standard de fin de formation"
LANGUAGES = ("fr", "en", "ar")

Texts = dict[str, str]


def _t(fr: str, en: str, ar: str) -> Texts:
    """One text in the three languages, French typography applied."""
    return {"fr": _french_typography(fr), "en": en, "ar": ar}


def _french_typography(text: str) -> str:
    # A no-break space before ? ! : ; keeps the mark from starting a new line on narrow
    # phone screens; U+00A0 rather than the narrow U+202F because every font has it.
    text = re.sub(r" ([?!:;])", "\u00a0\\1", text)
    return text.replace("'", "\u2019")


@dataclass(frozen=True)
class Choice:
    code: str
    labels: Texts


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    section: str
    type: QuestionType
    role: QuestionRole | None
    labels: Texts
    required: bool = False
    hints: Texts = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()


SECTIONS: dict[str, Texts] = {
    "training": _t("La formation", "The training", "التدريب"),
    "learning": _t("Vos connaissances", "Your knowledge", "معارفكم"),
    "next": _t("La suite", "Looking ahead", "ما بعد التدريب"),
    "about": _t("À propos de vous", "About you", "معلومات عنكم"),
}


def _scale(*labels: Texts) -> tuple[Choice, ...]:
    return tuple(Choice(str(i), text) for i, text in enumerate(labels, start=1))


# The Arabic anchors use the masculine form as the generic one, the usual practice in
# Arabic questionnaires; the questions themselves address the reader in the plural.
SATISFACTION = _scale(
    _t("Très insatisfait(e)", "Very dissatisfied", "غير راضٍ إطلاقًا"),
    _t("Insatisfait(e)", "Dissatisfied", "غير راضٍ"),
    _t("Ni satisfait(e) ni insatisfait(e)", "Neither satisfied nor dissatisfied", "محايد"),
    _t("Satisfait(e)", "Satisfied", "راضٍ"),
    _t("Très satisfait(e)", "Very satisfied", "راضٍ جدًا"),
)

AGREEMENT = _scale(
    _t("Pas du tout d'accord", "Strongly disagree", "لا أوافق إطلاقًا"),
    _t("Pas d'accord", "Disagree", "لا أوافق"),
    _t("Ni d'accord ni pas d'accord", "Neither agree nor disagree", "لا أوافق ولا أعارض"),
    _t("D'accord", "Agree", "أوافق"),
    _t("Tout à fait d'accord", "Strongly agree", "أوافق تمامًا"),
)

# Agrees with "niveau" / "مستوى", so the anchors say nothing of the reader's gender.
LEVEL = _scale(
    _t("Très faible", "Very low", "ضعيف جدًا"),
    _t("Faible", "Low", "ضعيف"),
    _t("Moyen", "Moderate", "متوسط"),
    _t("Élevé", "High", "مرتفع"),
    _t("Très élevé", "Very high", "مرتفع جدًا"),
)

COUNTRIES = (
    Choice("MA", _t("Maroc", "Morocco", "المغرب")),
    Choice("CM", _t("Cameroun", "Cameroon", "الكاميرون")),
    Choice("CI", _t("Côte d'Ivoire", "Côte d'Ivoire", "كوت ديفوار")),
    Choice("GN", _t("Guinée", "Guinea", "غينيا")),
    Choice("NG", _t("Nigeria", "Nigeria", "نيجيريا")),
    Choice("OTHER", _t("Autre pays", "Other country", "بلد آخر")),
)

ORGANISATION_TYPES = (
    Choice(
        "GOV",
        _t(
            "Administration ou institution publique",
            "Government or public institution",
            "جهة حكومية أو مؤسسة عمومية",
        ),
    ),
    Choice(
        "CSO",
        _t(
            "Société civile (association, ONG)",
            "Civil society (association, NGO)",
            "المجتمع المدني (جمعية، منظمة غير حكومية)",
        ),
    ),
    Choice("IO", _t("Organisation internationale", "International organisation", "منظمة دولية")),
    Choice("OTHER", _t("Autre", "Other", "أخرى")),
)

SEXES = (
    Choice("F", _t("Femme", "Female", "أنثى")),
    Choice("M", _t("Homme", "Male", "ذكر")),
    Choice("NA", _t("Je préfère ne pas répondre", "Prefer not to say", "أفضّل عدم الإجابة")),
)

QUESTIONS: tuple[QuestionSpec, ...] = (
    QuestionSpec(
        "satisfaction",
        "training",
        QuestionType.LIKERT,
        QuestionRole.SATISFACTION,
        _t(
            "Dans l'ensemble, êtes-vous satisfait(e) de la formation ?",
            "Overall, how satisfied are you with the training?",
            "ما مدى رضاكم عن التدريب بشكل عام؟",
        ),
        required=True,
        choices=SATISFACTION,
    ),
    QuestionSpec(
        "relevance",
        "training",
        QuestionType.LIKERT,
        QuestionRole.RELEVANCE,
        _t(
            "Le contenu de la formation est pertinent pour mon travail au quotidien.",
            "The content of the training is relevant to my day-to-day work.",
            "محتوى التدريب وثيق الصلة بعملي اليومي.",
        ),
        choices=AGREEMENT,
    ),
    QuestionSpec(
        "trainers",
        "training",
        QuestionType.LIKERT,
        QuestionRole.TRAINER_QUALITY,
        _t(
            "Êtes-vous satisfait(e) de la qualité des formateurs et formatrices ?",
            "How satisfied are you with the quality of the trainers?",
            "ما مدى رضاكم عن أداء فريق التدريب؟",
        ),
        hints=_t(
            "Maîtrise du sujet, clarté des explications, écoute.",
            "Command of the subject, clear explanations, listening.",
            "الإلمام بالموضوع، ووضوح الشرح، وحسن الإصغاء.",
        ),
        choices=SATISFACTION,
    ),
    QuestionSpec(
        "practical",
        "training",
        QuestionType.LIKERT,
        QuestionRole.PRACTICAL,
        _t(
            "Êtes-vous satisfait(e) des exercices pratiques et des études de cas ?",
            "How satisfied are you with the practical exercises and case studies?",
            "ما مدى رضاكم عن التمارين التطبيقية ودراسات الحالة؟",
        ),
        choices=SATISFACTION,
    ),
    QuestionSpec(
        "organisation",
        "training",
        QuestionType.LIKERT,
        QuestionRole.ORGANISATION,
        _t(
            "Êtes-vous satisfait(e) de l'organisation et de la logistique ?",
            "How satisfied are you with the organisation and logistics?",
            "ما مدى رضاكم عن التنظيم والجوانب اللوجستية؟",
        ),
        hints=_t(
            "Accueil, salle, horaires, pauses et repas, interprétation.",
            "Welcome, venue, timetable, breaks and meals, interpretation.",
            "الاستقبال، والقاعة، والتوقيت، والاستراحات والوجبات، والترجمة الفورية.",
        ),
        choices=SATISFACTION,
    ),
    QuestionSpec(
        "knowledge_before",
        "learning",
        QuestionType.LIKERT,
        QuestionRole.KNOWLEDGE_BEFORE,
        _t(
            "Avant la formation, quel était votre niveau de connaissances sur le sujet ?",
            "Before the training, what was your level of knowledge of the subject?",
            "قبل التدريب، كيف كان مستوى معرفتكم بالموضوع؟",
        ),
        hints=_t(
            "Pensez à ce que vous saviez en arrivant, le premier jour.",
            "Think back to what you knew when you arrived on the first day.",
            "استحضروا ما كنتم تعرفونه عند وصولكم في اليوم الأول.",
        ),
        choices=LEVEL,
    ),
    QuestionSpec(
        "knowledge_after",
        "learning",
        QuestionType.LIKERT,
        QuestionRole.KNOWLEDGE_AFTER,
        _t(
            "Après la formation, quel est votre niveau de connaissances sur le sujet ?",
            "After the training, what is your level of knowledge of the subject?",
            "بعد التدريب، ما مستوى معرفتكم بالموضوع؟",
        ),
        choices=LEVEL,
    ),
    QuestionSpec(
        "adopt",
        "next",
        QuestionType.LIKERT,
        QuestionRole.INTENT_TO_ADOPT,
        _t(
            "Je suis prêt(e) à adopter de nouvelles approches dans mon travail au quotidien.",
            "I am ready to adopt new approaches in my day-to-day work.",
            "أنا على استعداد لتبنّي مقاربات جديدة في عملي اليومي.",
        ),
        required=True,
        choices=AGREEMENT,
    ),
    QuestionSpec(
        "apply",
        "next",
        QuestionType.LONG_TEXT,
        QuestionRole.APPLY,
        _t(
            "Qu'allez-vous mettre en pratique dans votre travail ?",
            "What will you put into practice in your work?",
            "ما الذي ستطبّقونه في عملكم؟",
        ),
        hints=_t(
            "Une ou deux choses concrètes suffisent.",
            "One or two concrete things are enough.",
            "تكفي فكرة أو فكرتان ملموستان.",
        ),
    ),
    QuestionSpec(
        "recommend",
        "next",
        QuestionType.RATING,
        QuestionRole.RECOMMEND,
        _t(
            "Quelle est la probabilité que vous recommandiez cette formation à des collègues ?",
            "How likely are you to recommend this training to a colleague?",
            "ما مدى احتمال أن توصوا زملاءكم بهذا التدريب؟",
        ),
        hints=_t(
            "0 = pas du tout probable, 10 = très probable",
            "0 = not at all likely, 10 = extremely likely",
            "0 = غير محتمل إطلاقًا، 10 = محتمل جدًا",
        ),
    ),
    QuestionSpec(
        "improve",
        "next",
        QuestionType.LONG_TEXT,
        QuestionRole.COMMENT,
        _t(
            "Que faudrait-il améliorer dans cette formation ?",
            "What could be improved in this training?",
            "ما الذي يمكن تحسينه في هذا التدريب؟",
        ),
        hints=_t(
            "Contenu, méthodes, durée, organisation : toute suggestion est la bienvenue.",
            "Content, methods, length, organisation: all suggestions are welcome.",
            "المحتوى، والأساليب، والمدة، والتنظيم: نرحّب بجميع اقتراحاتكم.",
        ),
    ),
    QuestionSpec(
        "country",
        "about",
        QuestionType.SINGLE,
        QuestionRole.COUNTRY,
        _t(
            "Dans quel pays travaillez-vous ?",
            "In which country do you work?",
            "في أي بلد تعملون؟",
        ),
        hints=_t(
            "Ces questions sont facultatives ; vos réponses restent anonymes.",
            "These questions are optional; your answers remain anonymous.",
            "هذه الأسئلة اختيارية، ولا تُستخدم إجاباتكم للتعرّف على هويتكم.",
        ),
        choices=COUNTRIES,
    ),
    QuestionSpec(
        "organisation_type",
        "about",
        QuestionType.SINGLE,
        QuestionRole.ORGANISATION_TYPE,
        _t(
            "Pour quel type d'organisation travaillez-vous ?",
            "What type of organisation do you work for?",
            "ما نوع الجهة التي تعملون لديها؟",
        ),
        choices=ORGANISATION_TYPES,
    ),
    QuestionSpec(
        "sex",
        "about",
        QuestionType.SINGLE,
        QuestionRole.SEX,
        _t("Sexe", "Sex", "الجنس"),
        choices=SEXES,
    ),
)


def standard_questionnaire(session: Session, countries: Sequence[str] = ()) -> Questionnaire:
    """Return the standard questionnaire, creating it (added and flushed) if missing.

    ``countries`` (ISO 3166 codes) replaces the five countries of the question "In which
    country do you work?"; "Other country" stays last. Each list has its questionnaire,
    made once and shared: a questionnaire never changes once answered, so a project that
    changes its list gets another one for the trainings it has not started.
    """
    codes = tuple(dict.fromkeys(code.upper() for code in countries))
    if not codes or codes == STANDARD_COUNTRIES:
        key, country_choices = STANDARD_KEY, COUNTRIES
    else:
        digest = hashlib.sha256(",".join(codes).encode()).hexdigest()[:16]
        key = f"{STANDARD_KEY}:countries:{digest}"
        country_choices = (*(country_choice(code) for code in codes), COUNTRIES[-1])
    existing = session.scalar(select(Questionnaire).where(Questionnaire.key == key))
    if existing is not None:
        return existing
    specs = [
        replace(spec, choices=country_choices) if spec.role == QuestionRole.COUNTRY else spec
        for spec in QUESTIONS
    ]
    questionnaire = Questionnaire(
        key=key,
        name=STANDARD_NAME,
        languages=list(LANGUAGES),
        sections=[{"code": code, "labels": dict(labels)} for code, labels in SECTIONS.items()],
        questions=[_question(position, spec) for position, spec in enumerate(specs, 1)],
    )
    session.add(questionnaire)
    session.flush()
    return questionnaire


STANDARD_COUNTRIES = tuple(choice.code for choice in COUNTRIES[:-1])


def country_choice(code: str) -> Choice:
    """A country as an answer: our own wording for the standard five, else CLDR's names."""
    for choice in COUNTRIES[:-1]:
        if choice.code == code:
            return choice
    names = {lang: Locale.parse(lang).territories.get(code, code) for lang in LANGUAGES}
    return Choice(code, _t(names["fr"], names["en"], names["ar"]))


def country_codes() -> list[str]:
    """Every country a project can list: CLDR's two-letter territories."""
    territories = Locale.parse("en").territories
    return [
        code
        for code in territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    ]


# CLDR regions that are not countries someone works in, or are placeholders.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"})


def _question(position: int, spec: QuestionSpec) -> Question:
    return Question(
        position=position,
        code=spec.code,
        section=spec.section,
        type=spec.type.value,
        role=spec.role.value if spec.role else None,
        required=spec.required,
        # Fresh containers: JSON columns must not share mutable state between rows.
        labels=dict(spec.labels),
        hints=dict(spec.hints),
        choices=[_choice(choice) for choice in spec.choices],
    )


def _choice(choice: Choice) -> dict[str, Any]:
    return {"code": choice.code, "labels": dict(choice.labels)}
