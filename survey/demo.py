"""Demo data: the two Rabat trainings of May 2016 and their evaluations.

``seed_demo(session)`` gives a small, realistic data set to show the dashboards and
reports; ``seed_demo(session, responses=100_000)`` fills the same trainings for
benchmarks. Rows are written with bulk INSERTs, not one ORM object per row, and only
added and flushed: the caller commits.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from .models import Answer, Project, QuestionRole, Response, Training, layout_of
from .models.profile import profile_from_rows
from .standard import standard_questionnaire

PROJECT_NAME = "Réponse aux besoins des migrants vulnérables et en détresse"
PROJECT_DONOR = "Union européenne"
# The project's wording in the demo's other two languages, as its trainings have titles.
PROJECT_NAMES = {
    "en": "Responding to the needs of vulnerable migrants in distress",
    "ar": "الاستجابة لاحتياجات المهاجرين المستضعفين والذين هم في محنة",
}
PROJECT_DONORS = {"en": "European Union", "ar": "الاتحاد الأوروبي"}
PLACES = {"en": "Rabat, Morocco", "ar": "الرباط، المغرب"}
PROJECT_DESCRIPTION = (
    "Renforcer les capacités des acteurs gouvernementaux et de la société civile du Maroc, "
    "du Cameroun, de la Côte d'Ivoire, de la Guinée et du Nigeria à protéger et à assister "
    "les migrants vulnérables, notamment les mineurs non accompagnés, et à accompagner "
    "leur retour volontaire et leur réintégration."
)
START, END = date(2016, 5, 16), date(2016, 5, 19)
LANGUAGES = ["fr", "en", "ar"]

# Form codes use the alphabet of survey.codes, drawn from the seeded generator so that
# a demo is the same on every run.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 6

# About 12 answer rows per response: ~10,000 rows per INSERT.
BATCH_RESPONSES = 800


@dataclass(frozen=True)
class DemoSummary:
    project_id: int
    training_ids: tuple[int, ...]
    responses: int


@dataclass(frozen=True)
class _DemoTraining:
    title: str
    theme: str
    expected: int
    # Responses in the default demo, out of ``expected`` participants.
    responded: int
    # Latent means of the Likert items, before rounding to the 1-5 scale.
    means: dict[str, float]
    # When the evaluation was handed out at the closing session (UTC; Rabat was UTC+1).
    closing: datetime
    # Comments by question role, then language.
    comments: dict[QuestionRole, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # The title in the form's other languages.
    titles: dict[str, str] = field(default_factory=dict)


# Written by a satisfied participant in the "what to improve" box.
PRAISE = {
    "fr": (
        "RAS, très bonne formation.",
        "Rien à signaler, merci aux organisateurs.",
        "Rien, tout était bien organisé. Merci !",
        "rien a ajouter, formation tres riche",
    ),
    "en": ("Nothing, it was well organised. Thank you.",),
    "ar": ("لا شيء، كان التدريب منظمًا بشكل جيد. شكرًا.",),
}

RETURN = _DemoTraining(
    title="Retour et réintégration",
    titles={"en": "Return and reintegration", "ar": "العودة وإعادة الإدماج"},
    theme="Aide au retour volontaire et à la réintégration",
    expected=32,
    responded=30,
    means={
        "satisfaction": 4.15,
        "relevance": 4.35,
        "trainers": 4.35,
        "practical": 3.75,
        "organisation": 3.9,
        "before": 2.6,
        "adopt": 4.3,
    },
    closing=datetime(2016, 5, 19, 14, 40, tzinfo=UTC),
    comments={
        QuestionRole.APPLY: {
            "fr": (
                "Utiliser la grille de vulnérabilité avant chaque entretien de conseil au retour.",
                "Mieux informer les migrants sur le caractère volontaire du retour et "
                "vérifier leur consentement éclairé à chaque étape.",
                "Préparer le plan de réintégration avec chaque personne avant le départ, "
                "et pas seulement à l'arrivée.",
                "Cartographier les services de ma région (santé, hébergement, soutien "
                "psychosocial) pour mieux orienter les personnes.",
                "Renforcer la coordination avec les consulats pour accélérer la délivrance "
                "des laissez-passer.",
                "Partager avec mes collègues la fiche de référencement présentée le "
                "troisième jour.",
                "Garder le contact avec les collègues des autres pays rencontrés ici pour "
                "le suivi des personnes après leur retour.",
                "Donner plus de place au soutien psychosocial dans l'accompagnement, pas "
                "seulement à l'aspect économique.",
                "Respecter les règles de protection des données personnelles quand nous "
                "échangeons des informations avec les pays d'origine.",
                "Impliquer les communautés d'accueil dans les projets de réintégration.",
                "Assurer un suivi des bénéficiaires à 3, 6 et 12 mois après le retour.",
                "Les techniques d'entretien : écoute active, questions ouvertes, reformulation.",
                "Vérifier plus tôt l'aptitude au voyage pour les cas médicaux.",
                "Organiser une séance de restitution pour mon équipe dès la semaine prochaine.",
                "orientation des victimes de traite vers les services specialises",
            ),
            "en": (
                "Use the vulnerability screening form before every return counselling session.",
                "Set up a referral pathway with local NGOs for returnees who need medical "
                "or psychosocial care.",
                "Follow up with returnees three months after arrival, not only at the airport.",
                "Share the reintegration planning tools with my colleagues at the agency.",
            ),
            "ar": (
                "تحسين آليات الإحالة بين المصالح الحكومية وجمعيات المجتمع المدني.",
                "الحرص على أن يكون قرار العودة طوعيًا ومبنيًا على معلومات كاملة.",
                "مواكبة المهاجرين بعد عودتهم إلى بلدانهم بالتنسيق مع الشركاء.",
            ),
        },
        QuestionRole.COMMENT: {
            "fr": (
                "Prévoir plus de temps pour les études de cas, le programme était trop chargé.",
                "Quatre jours, c'est court pour un sujet aussi vaste : une cinquième "
                "journée serait utile.",
                "Envoyer les présentations et les documents avant la formation.",
                "Inviter des personnes revenues dans leur pays pour qu'elles témoignent de "
                "leur réintégration.",
                "Plus d'échanges d'expériences entre les pays représentés.",
                "Certaines présentations étaient trop théoriques, il faudrait plus "
                "d'exemples concrets du terrain.",
                "Prévoir une visite de terrain, par exemple dans un centre d'accueil.",
                "Approfondir la réintégration économique : microprojets, formation "
                "professionnelle, accès au crédit.",
                "Les horaires n'ont pas toujours été respectés.",
                "Organiser une session de suivi dans six mois pour faire le point.",
                "La salle était trop froide à cause de la climatisation.",
                "mieux expliquer les criteres d'eligibilite a l'aide a la reintegration",
            ),
            "en": (
                "Interpretation into English was not always available during the group work.",
                "Please share the documents in English too; most handouts were only in French.",
                "More time for case studies and fewer presentations.",
            ),
            "ar": (
                "توفير الوثائق باللغة العربية.",
                "تخصيص وقت أطول لدراسات الحالة.",
                "تمديد مدة التدريب بيوم إضافي.",
            ),
        },
    },
)

MINORS = _DemoTraining(
    title="Mineurs étrangers non accompagnés",
    titles={"en": "Unaccompanied foreign minors", "ar": "القاصرون الأجانب غير المصحوبين"},
    theme="Protection des enfants migrants non accompagnés",
    expected=31,
    responded=28,
    means={
        "satisfaction": 4.35,
        "relevance": 4.45,
        "trainers": 4.5,
        "practical": 4.05,
        "organisation": 3.9,
        "before": 2.3,
        "adopt": 4.4,
    },
    closing=datetime(2016, 5, 19, 15, 5, tzinfo=UTC),
    comments={
        QuestionRole.APPLY: {
            "fr": (
                "Évaluer l'intérêt supérieur de l'enfant avant toute décision de retour.",
                "Ne plus me fier uniquement à la radiographie osseuse pour estimer l'âge : "
                "approche pluridisciplinaire et bénéfice du doute pour le jeune.",
                "Adapter mes entretiens aux enfants : langage simple, lieu calme, "
                "interprète de confiance.",
                "Lancer la recherche familiale plus tôt, en lien avec les partenaires dans "
                "les pays d'origine.",
                "Désigner un référent pour chaque mineur dès son identification.",
                "Utiliser le formulaire de référencement commun pour orienter les enfants "
                "vers les services de protection.",
                "Distinguer clairement enfants non accompagnés et enfants séparés dans nos "
                "registres.",
                "Travailler avec le juge des mineurs sur la désignation d'un tuteur.",
                "Informer les enfants de leurs droits dans une langue qu'ils comprennent.",
                "Ne jamais placer un enfant en rétention avec des adultes.",
                "Associer l'enfant aux décisions qui le concernent, selon son âge et sa maturité.",
                "Partager avec mon association les outils sur l'évaluation de l'âge.",
                "la prise en charge psychosociale des enfants qui ont vécu des violences "
                "sur la route",
            ),
            "en": (
                "Apply the best interests of the child principle before any decision on return.",
                "Age assessment: use a holistic approach and give the benefit of the doubt.",
                "Start family tracing earlier and coordinate with partners in the country "
                "of origin.",
            ),
            "ar": (
                "مراعاة المصلحة الفضلى للطفل في كل قرار يخصه.",
                "اعتماد مقاربة متعددة التخصصات في تقدير سن القاصرين.",
                "الإسراع في البحث عن عائلات الأطفال غير المصحوبين بذويهم بالتنسيق مع "
                "الشركاء في بلدانهم الأصلية.",
                "الاستماع إلى الطفل وإشراكه في القرارات التي تخصه.",
            ),
        },
        QuestionRole.COMMENT: {
            "fr": (
                "Plus de cas pratiques sur l'évaluation de l'âge.",
                "Inviter un juge des mineurs et un représentant du ministère de la Justice.",
                "Le module sur la recherche familiale était trop court.",
                "Présenter des procédures qui fonctionnent dans d'autres pays de la région.",
                "Prévoir une formation spécifique pour les éducateurs des centres d'accueil.",
                "Traduire les outils en arabe pour les collègues de terrain.",
                "Envoyer les supports à l'avance et remettre une clé USB avec tous les documents.",
                "Les journées étaient longues, il faudrait finir plus tôt le dernier jour.",
                "Plus de temps pour les échanges entre participants des différents pays.",
                "Aborder la situation des filles mineures et les risques d'exploitation.",
                "La climatisation de la salle était trop forte.",
            ),
            "en": (
                "Some sessions were only in French and the interpretation was hard to follow.",
                "Invite a juvenile court judge to share their practice.",
                "More practical exercises on interviewing children.",
            ),
            "ar": (
                "ترجمة أدوات التدريب إلى اللغة العربية لفائدة العاملين في الميدان.",
                "إشراك قضاة الأحداث والنيابة العامة في الدورات القادمة.",
                "المزيد من التمارين العملية حول الاستماع إلى الأطفال.",
            ),
        },
    },
)

TRAININGS = (RETURN, MINORS)

# Who came: mostly Moroccan staff, government and civil society.
COUNTRIES = ("MA", "CM", "CI", "GN", "NG", "OTHER")
COUNTRY_WEIGHTS = (44, 14, 14, 14, 13, 1)
# The language a participant from each country chooses for the form.
FORM_LANGUAGES = {
    "MA": (("fr", "ar", "en"), (70, 28, 2)),
    "CM": (("fr", "en"), (80, 20)),
    "CI": (("fr",), (1,)),
    "GN": (("fr",), (1,)),
    "NG": (("en", "fr"), (92, 8)),
    "OTHER": (("fr", "en"), (50, 50)),
}
ORGANISATION_TYPES = ("GOV", "CSO", "IO", "OTHER")
ORGANISATION_WEIGHTS = (56, 36, 5, 3)
SEXES = ("F", "M", "NA")
SEX_WEIGHTS = (44, 51, 5)

# How often an optional question is left empty.
SKIP = {
    "likert": 0.03,
    "knowledge": 0.04,
    "recommend": 0.06,
    "country": 0.04,
    "organisation_type": 0.06,
    "sex": 0.07,
}
WRITES_APPLY = 0.45
WRITES_IMPROVE = 0.30
WRITES_IMPROVE_UNHAPPY = 0.60
PRAISE_SHARE = 0.15

_NO_VALUE = {"likert": None, "rating": None, "number": None, "choice": None, "text": None}


def seed_demo(session: Session, responses: int | None = None, rng_seed: int = 2016) -> DemoSummary:
    """Create the demo project, its two trainings and their responses (flushed only)."""
    if responses is not None and responses < 0:
        raise ValueError("responses must be zero or more")
    # Reproducible demo answers, not secrets.
    rng = random.Random(rng_seed)  # nosec B311
    questionnaire = standard_questionnaire(session)
    questions = {q.role: q.id for q in questionnaire.questions if q.role}

    project = Project(
        name=PROJECT_NAME,
        name_translations=dict(PROJECT_NAMES),
        donor=PROJECT_DONOR,
        donor_translations=dict(PROJECT_DONORS),
        description=PROJECT_DESCRIPTION,
    )
    session.add(project)
    taken = set(session.scalars(select(Training.code)))
    trainings = []
    for plan in TRAININGS:
        code = _unused_code(rng, taken)
        taken.add(code)
        trainings.append(
            Training(
                project=project,
                questionnaire=questionnaire,
                owner_id=None,
                title=plan.title,
                title_translations=dict(plan.titles),
                theme=plan.theme,
                location="Rabat",
                timezone="Africa/Casablanca",
                country="Maroc",
                place_translations=dict(PLACES),
                start_date=START,
                end_date=END,
                expected_participants=plan.expected,
                code=code,
                languages=list(LANGUAGES),
                default_language="fr",
            )
        )
    session.add_all(trainings)
    session.flush()

    counts = _split(responses)
    # Submission ids are unique per questionnaire, and an earlier demo in the same
    # database drew its ids from the same seed.
    seen = set(
        session.scalars(
            select(Response.submission_id).where(Response.questionnaire_id == questionnaire.id)
        )
    )
    # Core INSERTs on the tables: one statement per batch, without the ORM's per-row
    # bookkeeping (a third faster at 100,000 responses). The database numbers the
    # responses, so PostgreSQL's sequence stays in step for the forms sent later.
    insert_responses = insert(Response.__table__).returning(
        Response.__table__.c.id, sort_by_parameter_order=True
    )
    insert_answers = insert(Answer.__table__)
    layout = layout_of(questionnaire.questions)
    for plan, training, count in zip(TRAININGS, trainings, counts, strict=True):
        decks = _Decks(rng, plan)
        for start in range(0, count, BATCH_RESPONSES):
            size = min(BATCH_RESPONSES, count - start)
            people = sorted(
                (_respondent(rng, plan, questions, decks) for _ in range(size)),
                key=lambda person: person.submitted_at,
            )
            response_rows = [
                {
                    "training_id": training.id,
                    "questionnaire_id": questionnaire.id,
                    "submission_id": _submission_id(rng, seen),
                    "submitted_at": person.submitted_at,
                    "language": person.language,
                    "profile": profile_from_rows(layout, person.answers),
                }
                for person in people
            ]
            response_ids = session.scalars(insert_responses, response_rows).all()
            answer_rows = []
            for response_id, person in zip(response_ids, people, strict=True):
                for question_id, column, value in person.answers:
                    row = {**_NO_VALUE, "response_id": response_id, "question_id": question_id}
                    row[column] = value
                    answer_rows.append(row)
            session.execute(insert_answers, answer_rows)
    return DemoSummary(
        project_id=project.id,
        training_ids=tuple(t.id for t in trainings),
        responses=sum(counts),
    )


def _code(rng: random.Random) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _unused_code(rng: random.Random, taken: set[str]) -> str:
    while (code := _code(rng)) in taken:
        pass
    return code


def _submission_id(rng: random.Random, seen: set[str]) -> str:
    while (sid := uuid.UUID(int=rng.getrandbits(128), version=4).hex) in seen:
        pass
    seen.add(sid)
    return sid


def _split(responses: int | None) -> list[int]:
    """Responses per training: the demo's own counts, or N shared by expected size."""
    if responses is None:
        return [plan.responded for plan in TRAININGS]
    expected = sum(plan.expected for plan in TRAININGS)
    counts = [responses * plan.expected // expected for plan in TRAININGS]
    counts[0] += responses - sum(counts)
    return counts


@dataclass(frozen=True)
class _Person:
    language: str
    submitted_at: datetime
    # (question id, answer column, value)
    answers: list[tuple[int, str, Any]]


class _Decks:
    """Comments dealt like cards: none repeats before the whole pile has been used."""

    def __init__(self, rng: random.Random, plan: _DemoTraining) -> None:
        self.rng = rng
        self.piles = {
            (role, lang): texts
            for role, by_lang in [*plan.comments.items(), ("praise", PRAISE)]
            for lang, texts in by_lang.items()
        }
        self.hands: dict[tuple[str, str], list[str]] = {}

    def draw(self, role: str, lang: str) -> str:
        hand = self.hands.get((role, lang))
        if not hand:
            hand = list(self.piles[role, lang])
            self.rng.shuffle(hand)
            self.hands[role, lang] = hand
        return hand.pop()


def _respondent(
    rng: random.Random, plan: _DemoTraining, questions: dict[str, int], decks: _Decks
) -> _Person:
    """One participant's answers: the Likert items share a latent mood, plus noise."""
    gauss, chance, means = rng.gauss, rng.random, plan.means
    country = rng.choices(COUNTRIES, COUNTRY_WEIGHTS)[0]
    languages, weights = FORM_LANGUAGES[country]
    lang = rng.choices(languages, weights)[0]
    mood = gauss(0, 1)
    satisfaction = means["satisfaction"] + 0.6 * mood + 0.45 * gauss(0, 1)
    # English speakers depended on interpretation, which was patchy.
    logistics = means["organisation"] - (0.6 if lang == "en" else 0.0)
    before = _clip(means["before"] + 0.85 * gauss(0, 1), 1, 5)
    optional, knowledge = SKIP["likert"], SKIP["knowledge"]
    scales = (
        (QuestionRole.SATISFACTION, satisfaction, 0.0),
        (QuestionRole.RELEVANCE, means["relevance"] + 0.45 * mood + 0.55 * gauss(0, 1), optional),
        (
            QuestionRole.TRAINER_QUALITY,
            means["trainers"] + 0.45 * mood + 0.5 * gauss(0, 1),
            optional,
        ),
        (QuestionRole.PRACTICAL, means["practical"] + 0.5 * mood + 0.6 * gauss(0, 1), optional),
        (QuestionRole.ORGANISATION, logistics + 0.4 * mood + 0.6 * gauss(0, 1), optional),
        (QuestionRole.KNOWLEDGE_BEFORE, before, knowledge),
        (QuestionRole.KNOWLEDGE_AFTER, before + 1.1 + 0.3 * mood + 0.6 * gauss(0, 1), knowledge),
        (QuestionRole.INTENT_TO_ADOPT, means["adopt"] + 0.45 * mood + 0.55 * gauss(0, 1), 0.0),
    )
    answers: list[tuple[int, str, Any]] = [
        (questions[role], "likert", _clip(latent, 1, 5))
        for role, latent, skip in scales
        if not skip or chance() >= skip
    ]

    if chance() >= SKIP["recommend"]:
        recommend = _clip(2.2 * satisfaction - 1.2 + 0.9 * gauss(0, 1), 0, 10)
        answers.append((questions[QuestionRole.RECOMMEND], "rating", recommend))
    if chance() < WRITES_APPLY:
        text = decks.draw(QuestionRole.APPLY, lang)
        answers.append((questions[QuestionRole.APPLY], "text", text))
    unhappy = satisfaction < 3.5
    if chance() < (WRITES_IMPROVE_UNHAPPY if unhappy else WRITES_IMPROVE):
        pile = "praise" if not unhappy and chance() < PRAISE_SHARE else QuestionRole.COMMENT
        answers.append((questions[QuestionRole.COMMENT], "text", decks.draw(pile, lang)))

    if chance() >= SKIP["country"]:
        answers.append((questions[QuestionRole.COUNTRY], "choice", country))
    if chance() >= SKIP["organisation_type"]:
        kind = rng.choices(ORGANISATION_TYPES, ORGANISATION_WEIGHTS)[0]
        answers.append((questions[QuestionRole.ORGANISATION_TYPE], "choice", kind))
    if chance() >= SKIP["sex"]:
        sex = rng.choices(SEXES, SEX_WEIGHTS)[0]
        answers.append((questions[QuestionRole.SEX], "choice", sex))

    return _Person(lang, _submitted_at(rng, plan.closing), answers)


def _submitted_at(rng: random.Random, closing: datetime) -> datetime:
    # Most answer in the closing session; a few send the form later that evening.
    late = rng.random() >= 0.85
    minutes = rng.uniform(45, 210) if late else rng.triangular(0, 45, 8)
    return closing + timedelta(seconds=int(minutes * 60))


def _clip(latent: float, low: int, high: int) -> int:
    return min(high, max(low, round(latent)))
