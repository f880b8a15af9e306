"""The report's own words in French, English and Arabic (its catalog).

Reports are written in the language chosen for each report, not in the trainer's
interface language, so their words live here rather than in the gettext catalogs.
"""

from __future__ import annotations

from babel import Locale

NNBSP = "\u202f"
NBSP = "\u00a0"

STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "report_kind": "Rapport d’évaluation",
        "project_report_kind": "Rapport d’évaluation du projet",
        "project": "Projet",
        "donor": "Bailleur",
        "organisation": "Organisation",
        "location": "Lieu",
        "dates": "Dates",
        "trainings": "Formations",
        "summary": "Synthèse",
        "response_rate": "Taux de réponse",
        "responses": "Réponses",
        "over_expected": (
            "Il y a plus de réponses que de participants attendus{nbsp}: vérifiez le nombre "
            "attendu, ou cherchez des réponses de test."
        ),
        "explain_over_expected": (
            "plus de réponses que de participants attendus{nbsp}: le taux ne peut être jugé "
            "qu’une fois le nombre attendu vérifié."
        ),
        "small_sample_cover": "Petit échantillon (n = {n})",
        "small_sample": (
            "Petit échantillon{nbsp}: moins de 10 réponses (n = {n}). Une réponse de plus ou "
            "de moins change beaucoup chaque pourcentage{nbsp}: lisez ces chiffres comme une "
            "indication, avec leurs intervalles de confiance, et non comme une mesure."
        ),
        "ci": "IC à 95\u202f%\u00a0: {interval}",
        "no_answer": "aucune réponse",
        "satisfied_label": "Satisfaits",
        "ready_label": "Prêts à adopter de nouvelles approches",
        "recommend_label": "Recommandation (Net Promoter Score)",
        "knowledge_label": "Progression des connaissances",
        "no_answer_yet": "Pas encore de réponse.",
        "indicators": "Indicateurs du projet",
        "indicator": "Indicateur",
        "target": "Cible",
        "achieved": "Résultat",
        "status": "Appréciation",
        "metric_satisfied": "Part des participants satisfaits",
        "metric_ready_to_adopt": "Part des participants prêts à adopter de nouvelles approches",
        "metric_response_rate": "Taux de réponse",
        "metric_recommend": "Net Promoter Score",
        "metric_knowledge_gain": "Part des participants dont les connaissances progressent",
        "status_met": "Atteint",
        "status_not_met": "Non atteint",
        "status_unclear": "Impossible de conclure",
        "status_no_data": "Pas de données",
        "explain_met": "tout l’intervalle de confiance est au-dessus de la cible.",
        "explain_census": (
            "le taux de réponse compte tous les participants attendus : "
            "il n’a pas d’incertitude d’échantillonnage."
        ),
        "explain_not_met": "tout l’intervalle de confiance est en dessous de la cible.",
        "explain_unclear": (
            "l’intervalle de confiance contient la cible{nbsp}: l’échantillon est trop petit "
            "pour dire si elle est atteinte."
        ),
        "explain_point": "sans intervalle de confiance, la comparaison est indicative.",
        "explain_no_data": "aucune réponse à ce jour.",
        "indicator_sentence": "{label}{nbsp}: cible {target}, résultat {achieved}{ci}.",
        "results": "Résultats détaillés",
        "likert_heading": "Appréciation de la formation",
        "likert_alt": (
            "Graphique en barres divergentes : pour chaque affirmation, la part des "
            "réponses de «\u00a0pas du tout d’accord\u00a0» à «\u00a0tout à fait d’accord\u00a0», "
            "de la plus à la moins approuvée."
        ),
        "chart_alt": "Graphique en barres : nombre de réponses par option.",
        "recommend_heading": "Recommandation de la formation (0 à 10)",
        "breakdowns": "Résultats par groupe",
        "breakdowns_intro": (
            "Part des répondants satisfaits et prêts à adopter de nouvelles approches, par "
            "groupe, avec entre parenthèses le nombre de répondants et l’intervalle de "
            "confiance à 95{nnbsp}% (IC). Les groupes de moins de {min} personnes sont masqués."
        ),
        "by_country": "Par pays",
        "by_organisation_type": "Par type d’organisation",
        "by_sex": "Par sexe",
        "group": "Groupe",
        "hidden_group": "masqué (petits groupes protégés)",
        "comparison": "Les formations côte à côte",
        "pooled": "Ensemble",
        "all_respondents": "Ensemble des répondants",
        "pooled_note": (
            "La colonne «{nbsp}Ensemble{nbsp}» regroupe toutes les réponses des formations "
            "(somme des répondants favorables sur somme des répondants)."
        ),
        "comments": "Paroles de participants",
        "comments_intro": (
            "Commentaires choisis par l’équipe de formation, reproduits anonymement dans "
            "leur langue d’origine."
        ),
        "method": "Méthodologie",
        "method_ci": (
            "Chaque pourcentage est calculé sur les personnes ayant répondu à la question "
            "(n). L’intervalle de confiance à 95\u202f% (méthode de Wilson) donne la marge "
            "d’incertitude due à la taille de l’échantillon ; il ne tient pas compte d’un "
            "éventuel biais de non-réponse."
        ),
        "method_nps": (
            "Le Net Promoter Score est la part de notes 9 ou 10 moins la part de notes 0 à 6 "
            "(question de 0 à 10), avec un intervalle de confiance par approximation normale."
        ),
        "method_targets": (
            "Un indicateur est dit atteint quand tout son intervalle de confiance est "
            "au-dessus de la cible, non atteint quand il est tout entier en dessous, et "
            "impossible à conclure sinon."
        ),
        "method_suppression": (
            "Pour protéger l’anonymat, un groupe de moins de {min} personnes n’est pas "
            "publié ; si les groupes masqués comptent ensemble moins de {min} personnes, le "
            "plus petit autre groupe l’est aussi, pour qu’ils ne puissent être déduits du "
            "total. Les personnes qui n’ont pas indiqué leur groupe (sans réponse, «{nbsp}préfère "
            "ne pas répondre{nbsp}») ne sont pas désignables{nbsp}: elles seules ne font "
            "pas masquer un autre groupe. Tous les groupes masqués sont signalés de la même "
            "façon, pour qu’aucun ne puisse être cerné."
        ),
        "method_chart": (
            "Dans le graphique, les affirmations sont classées selon la part de réponses "
            "favorables (4 ou 5 sur 5), sauf les connaissances avant et après la formation, "
            "dans cet ordre ; la réponse neutre est partagée de part et d’autre de l’axe."
        ),
        "annex": "Annexe{nbsp}: réponses question par question",
        "answer": "Réponse",
        "count": "Nombre",
        "percent": "%",
        "annex_note": "n = {n} · sans réponse{nbsp}: {missing}",
        "annex_mean": "moyenne {mean} (IC à 95{nnbsp}%{nbsp}: {ci})",
        "generated": "Rapport généré le {date} avec Retour",
        "mail_subject": "Rapport d’évaluation{nbsp}: {title}",
        "mail_body": (
            "Bonjour,\n\nVeuillez trouver ci-joint le rapport d’évaluation «{nbsp}{title}{nbsp}» "
            "({project}).\n\nCordialement,\n{sender}\n"
        ),
        "suppressed_cell": "masqué",
        "in_brackets": "Entre parenthèses{nbsp}: l’intervalle de confiance à 95{nnbsp}%.",
        "download_pdf": "Télécharger le rapport PDF",
        "link_revoked": (
            "Ce lien a été retiré par l’équipe du projet. Demandez-lui un nouveau lien."
        ),
        "link_expired": (
            "Ce lien a expiré le {date}. Demandez un nouveau lien à l’équipe du projet."
        ),
        "link_gone": "Lien indisponible",
        "readonly_note": "Page en lecture seule, mise à jour à chaque nouvelle réponse.",
        "figures_as_of": "Chiffres au {when}.",
        "not_stated": "Non précisé",
        "cell": "{share} (n = {n}{nbsp}; IC {ci})",
        "range": "{low} à {high}",
        "points": "{score}{nbsp}points",
        "export_response": "Réponse",
        "export_submitted_at": "Envoyée le",
        "export_language": "Langue",
    },
    "en": {
        "report_kind": "Evaluation report",
        "project_report_kind": "Project evaluation report",
        "project": "Project",
        "donor": "Donor",
        "organisation": "Organisation",
        "location": "Location",
        "dates": "Dates",
        "trainings": "Trainings",
        "summary": "Summary",
        "response_rate": "Response rate",
        "responses": "Responses",
        "over_expected": (
            "There are more responses than expected participants: check the expected number, "
            "or look for test answers."
        ),
        "explain_over_expected": (
            "more responses than expected participants: the rate cannot be judged until the "
            "expected number is checked."
        ),
        "small_sample_cover": "Small sample (n = {n})",
        "small_sample": (
            "Small sample: fewer than 10 responses (n = {n}). One answer more or less changes "
            "every percentage a lot: read these figures as an indication, with their "
            "confidence intervals, not as a measurement."
        ),
        "ci": "95% CI: {interval}",
        "no_answer": "no answers",
        "satisfied_label": "Satisfied",
        "ready_label": "Ready to adopt new approaches",
        "recommend_label": "Would recommend (Net Promoter Score)",
        "knowledge_label": "Knowledge gain",
        "no_answer_yet": "No answer yet.",
        "indicators": "Project indicators",
        "indicator": "Indicator",
        "target": "Target",
        "achieved": "Achieved",
        "status": "Assessment",
        "metric_satisfied": "Share of participants satisfied",
        "metric_ready_to_adopt": "Share of participants ready to adopt new approaches",
        "metric_response_rate": "Response rate",
        "metric_recommend": "Net Promoter Score",
        "metric_knowledge_gain": "Share of participants whose knowledge improved",
        "status_met": "Met",
        "status_not_met": "Not met",
        "status_unclear": "Cannot tell",
        "status_no_data": "No data",
        "explain_met": "the whole confidence interval is above the target.",
        "explain_census": (
            "the response rate counts every expected participant: it has no sampling uncertainty."
        ),
        "explain_not_met": "the whole confidence interval is below the target.",
        "explain_unclear": (
            "the confidence interval includes the target: the sample is too small to say "
            "whether it was met."
        ),
        "explain_point": "without a confidence interval the comparison is only indicative.",
        "explain_no_data": "no answers yet.",
        "indicator_sentence": "{label}: target {target}, achieved {achieved}{ci}.",
        "results": "Detailed results",
        "likert_heading": "How participants rated the training",
        "likert_alt": (
            "Diverging bar chart: for each statement, the share of answers from "
            "“strongly disagree” to “strongly agree”, sorted from most to least agreed."
        ),
        "chart_alt": "Bar chart: number of answers per option.",
        "recommend_heading": "Would recommend the training (0 to 10)",
        "breakdowns": "Results by group",
        "breakdowns_intro": (
            "Share of respondents satisfied and ready to adopt new approaches, by group, with "
            "the number of respondents and the 95% confidence interval (CI) in brackets. "
            "Groups of fewer than {min} people are hidden."
        ),
        "by_country": "By country",
        "by_organisation_type": "By type of organisation",
        "by_sex": "By sex",
        "group": "Group",
        "hidden_group": "hidden (small groups protected)",
        "comparison": "Trainings side by side",
        "pooled": "All trainings",
        "all_respondents": "All respondents",
        "pooled_note": (
            "The “All trainings” column pools every answer of the trainings (favourable "
            "respondents summed over respondents summed)."
        ),
        "comments": "In participants’ words",
        "comments_intro": (
            "Comments chosen by the training team, shown anonymously in the language they "
            "were written in."
        ),
        "method": "Methodology",
        "method_ci": (
            "Each percentage is computed over the people who answered that question (n). "
            "The 95% confidence interval (Wilson method) shows the uncertainty due to the "
            "sample size; it does not account for possible non-response bias."
        ),
        "method_nps": (
            "The Net Promoter Score is the share of 9s and 10s minus the share of 0 to 6 on "
            "the 0-10 question, with a normal-approximation confidence interval."
        ),
        "method_targets": (
            "An indicator is met when its whole confidence interval is above the target, not "
            "met when it is entirely below, and we cannot tell otherwise."
        ),
        "method_suppression": (
            "To protect anonymity, a group of fewer than {min} people is not published; when "
            "the hidden groups together count fewer than {min} people, the next smallest "
            "group is hidden too, so that they cannot be worked out from the total. People "
            'who gave no group (no answer, "prefer not to say") cannot be pointed at: on '
            "their own they do not cause another group to be hidden. Every hidden group is "
            "marked the same way, so that none can be narrowed down."
        ),
        "method_chart": (
            "In the chart, statements are sorted by the share of favourable answers "
            "(4 or 5 out of 5), except knowledge before and after the training, in that "
            "order; the neutral answer is split on both sides of the axis."
        ),
        "annex": "Annex: answers question by question",
        "answer": "Answer",
        "count": "Count",
        "percent": "%",
        "annex_note": "n = {n} · no answer: {missing}",
        "annex_mean": "mean {mean} (95% CI {ci})",
        "generated": "Report generated on {date} with Retour",
        "mail_subject": "Evaluation report: {title}",
        "mail_body": (
            "Hello,\n\nPlease find attached the evaluation report “{title}” ({project}).\n\n"
            "Best regards,\n{sender}\n"
        ),
        "suppressed_cell": "hidden",
        "in_brackets": "In brackets: the 95% confidence interval.",
        "download_pdf": "Download the PDF report",
        "link_revoked": "This link was withdrawn by the project team. Ask them for a new link.",
        "link_expired": "This link expired on {date}. Ask the project team for a new link.",
        "link_gone": "Link no longer available",
        "readonly_note": "Read-only page, updated with every new response.",
        "figures_as_of": "Figures as of {when}.",
        "not_stated": "Not stated",
        "cell": "{share} (n = {n}; CI {ci})",
        "range": "{low} to {high}",
        "points": "{score} points",
        "export_response": "Response",
        "export_submitted_at": "Sent at",
        "export_language": "Language",
    },
    "ar": {
        "report_kind": "تقرير التقييم",
        "project_report_kind": "تقرير تقييم المشروع",
        "project": "المشروع",
        "donor": "الجهة المانحة",
        "organisation": "المنظمة",
        "location": "المكان",
        "dates": "التواريخ",
        "trainings": "الدورات التدريبية",
        "summary": "الملخص",
        "response_rate": "نسبة الاستجابة",
        "responses": "الإجابات",
        "over_expected": (
            "عدد الإجابات أكبر من عدد المشاركين المتوقَّعين: تحقّقوا من العدد المتوقَّع، "
            "أو ابحثوا عن إجابات تجريبية."
        ),
        "explain_over_expected": (
            "إجابات أكثر من المشاركين المتوقَّعين: لا يمكن الحكم على النسبة قبل التحقّق "
            "من العدد المتوقَّع."
        ),
        "small_sample_cover": "عيّنة صغيرة (العدد: {n})",
        "small_sample": (
            "عيّنة صغيرة: أقل من 10 إجابات (العدد: {n}). إجابة واحدة زائدة أو ناقصة تغيّر كل "
            "نسبة مئوية كثيرًا: اقرؤوا هذه الأرقام كمؤشّر، مع فواصل الثقة، لا كقياس."
        ),
        "ci": "فاصل الثقة 95%: {interval}",
        "no_answer": "لا إجابات",
        "satisfied_label": "راضون",
        "ready_label": "مستعدون لتبنّي مقاربات جديدة",
        "recommend_label": "التوصية بالدورة (صافي نقاط الترويج)",
        "knowledge_label": "تحسّن المعارف",
        "no_answer_yet": "لا توجد إجابات بعد.",
        "indicators": "مؤشرات المشروع",
        "indicator": "المؤشر",
        "target": "الهدف",
        "achieved": "النتيجة",
        "status": "التقدير",
        "metric_satisfied": "نسبة المشاركين الراضين",
        "metric_ready_to_adopt": "نسبة المشاركين المستعدين لتبنّي مقاربات جديدة",
        "metric_response_rate": "نسبة الاستجابة",
        "metric_recommend": "صافي نقاط الترويج",
        "metric_knowledge_gain": "نسبة المشاركين الذين تحسّنت معارفهم",
        "status_met": "تحقّق",
        "status_not_met": "لم يتحقّق",
        "status_unclear": "لا يمكن الحسم",
        "status_no_data": "لا بيانات",
        "explain_met": "فاصل الثقة كلّه أعلى من الهدف.",
        "explain_census": "نسبة الاستجابة تشمل جميع المشاركين المتوقَّعين: لا يشوبها خطأ المعاينة.",
        "explain_not_met": "فاصل الثقة كلّه أدنى من الهدف.",
        "explain_unclear": (
            "فاصل الثقة يشمل الهدف: العيّنة أصغر من أن تسمح بالقول إن كان الهدف قد تحقّق."
        ),
        "explain_point": "من دون فاصل ثقة تبقى المقارنة تقريبية.",
        "explain_no_data": "لا توجد إجابات حتى الآن.",
        "indicator_sentence": "{label}: الهدف {target}، النتيجة {achieved}{ci}.",
        "results": "النتائج المفصّلة",
        "likert_heading": "تقييم المشاركين للدورة",
        "likert_alt": (
            "رسم بياني بأشرطة متباعدة: لكل عبارة، نسبة الإجابات من «غير موافق إطلاقًا» إلى "
            "«موافق تمامًا»، مرتّبة من الأكثر إلى الأقل موافقة."
        ),
        "chart_alt": "رسم بياني بالأشرطة: عدد الإجابات لكل خيار.",
        "recommend_heading": "التوصية بالدورة (من 0 إلى 10)",
        "breakdowns": "النتائج حسب الفئات",
        "breakdowns_intro": (
            "نسبة المجيبين الراضين والمستعدين لتبنّي مقاربات جديدة حسب الفئة، وبين قوسين عدد "
            "المجيبين وفاصل الثقة 95%. تُخفى الفئات التي تضمّ أقل من {min} أشخاص."
        ),
        "by_country": "حسب البلد",
        "by_organisation_type": "حسب نوع المنظمة",
        "by_sex": "حسب الجنس",
        "group": "الفئة",
        "hidden_group": "مخفي (حمايةً للفئات الصغيرة)",
        "comparison": "مقارنة الدورات",
        "pooled": "المجموع",
        "all_respondents": "جميع المجيبين",
        "pooled_note": (
            "يجمع عمود «المجموع» كل إجابات الدورات (مجموع المجيبين الإيجابيين على مجموع المجيبين)."
        ),
        "comments": "بكلمات المشاركين",
        "comments_intro": "تعليقات اختارها فريق التدريب، تُعرض دون ذكر أصحابها وبلغتها الأصلية.",
        "method": "المنهجية",
        "method_ci": (
            "تُحسب كل نسبة مئوية على الأشخاص الذين أجابوا عن السؤال (n). ويبيّن فاصل الثقة "
            "95% (طريقة ويلسون) هامش عدم اليقين الناتج عن حجم العيّنة، ولا يأخذ في الحسبان "
            "احتمال تحيّز عدم الاستجابة."
        ),
        "method_nps": (
            "صافي نقاط الترويج هو نسبة التقييمات 9 و10 ناقص نسبة التقييمات من 0 إلى 6 (سؤال من "
            "0 إلى 10)، مع فاصل ثقة بالتقريب الطبيعي."
        ),
        "method_targets": (
            "يُعدّ المؤشر متحقّقًا إذا كان فاصل الثقة كلّه أعلى من الهدف، وغير متحقّق إذا "
            "كان كلّه أدنى منه، ولا يمكن الحسم في غير ذلك."
        ),
        "method_suppression": (
            "حمايةً لإخفاء الهوية، لا تُنشر أي فئة تضمّ أقل من {min} أشخاص؛ وإذا كان مجموع "
            "الفئات المخفية أقل من {min} أشخاص، تُخفى أيضًا أصغر فئة أخرى كي لا تُستنتج من "
            "المجموع. أما من لم يحدّدوا فئتهم (دون إجابة أو «أفضّل عدم الإجابة») فلا يمكن "
            "التعرّف عليهم، ولا يؤدي وجودهم وحدهم إلى إخفاء فئة أخرى. وتظهر كل الفئات "
            "المخفية بالطريقة نفسها، كي لا يمكن حصر حجم أيٍّ منها."
        ),
        "method_chart": (
            "في الرسم البياني، رُتّبت العبارات حسب نسبة الإجابات الإيجابية (4 أو 5 من 5)، "
            "ما عدا المعارف قبل الدورة وبعدها فتبقى بهذا الترتيب، "
            "وقُسّمت الإجابة المحايدة على جانبي المحور."
        ),
        "annex": "ملحق: الإجابات سؤالًا سؤالًا",
        "answer": "الإجابة",
        "count": "العدد",
        "percent": "%",
        "annex_note": "n = {n} · بلا إجابة: {missing}",
        "annex_mean": "المتوسط {mean} (فاصل الثقة 95%: {ci})",
        "generated": "أُعدّ التقرير في {date} باستخدام Retour",
        "mail_subject": "تقرير التقييم: {title}",
        "mail_body": (
            "تحية طيبة،\n\nتجدون مرفقًا تقرير تقييم «{title}» ({project}).\n\nمع أطيب التحيات،\n"
            "{sender}\n"
        ),
        "suppressed_cell": "مخفي",
        "in_brackets": "بين قوسين: فاصل الثقة 95%.",
        "download_pdf": "تنزيل التقرير بصيغة PDF",
        "link_revoked": "سحب فريق المشروع هذا الرابط. اطلبوا منه رابطًا جديدًا.",
        "link_expired": "انتهت صلاحية هذا الرابط في {date}. اطلبوا رابطًا جديدًا من فريق المشروع.",
        "link_gone": "الرابط لم يعد متاحًا",
        "readonly_note": "صفحة للاطلاع فقط، تُحدَّث مع كل إجابة جديدة.",
        "figures_as_of": "الأرقام حتى {when}.",
        "not_stated": "غير مذكور",
        "cell": "{share} (n = {n}؛ فاصل الثقة {ci})",
        "range": "{low} إلى {high}",
        "points": "{score} نقطة",
        "export_response": "الإجابة",
        "export_submitted_at": "أُرسلت في",
        "export_language": "اللغة",
    },
}


# Words that go with a count, in each of the language's plural forms (CLDR categories:
# "one" and "other" in English; "one", "many" and "other" in French; "zero", "one",
# "two", "few", "many" and "other" in Arabic). A missing category uses "other". Where a
# sentence has two counts, the second is worded on its own ({of_total}, {participants},
# {promoters}…), so each agrees with its own number.
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "fr": {
        "participants": {"one": "{count} participant", "other": "{count} participants"},
        "responses_of_expected": {
            "one": "{count} réponse sur {participants}",
            "other": "{count} réponses sur {participants}",
        },
        "responses_only": {"one": "{count} réponse", "other": "{count} réponses"},
        "of_expected": {"one": "sur {count} attendu", "other": "sur {count} attendus"},
        "response_sentence": {
            "one": "{count} participant {of_total} a répondu ({share}).",
            "other": "{count} participants {of_total} ont répondu ({share}).",
        },
        "of_respondents": {"other": "sur {count}"},
        "satisfied_sentence": {
            "one": "{count} répondant {of_total} ({share}, IC à 95{nnbsp}%{nbsp}: {ci}) se dit "
            "satisfait ou très satisfait.",
            "other": "{count} répondants {of_total} ({share}, IC à 95{nnbsp}%{nbsp}: {ci}) se "
            "disent satisfaits ou très satisfaits.",
        },
        "ready_sentence": {
            "one": "{count} répondant {of_total} ({share}, IC à 95{nnbsp}%{nbsp}: {ci}) se dit "
            "prêt à adopter de nouvelles approches dans son travail quotidien.",
            "other": "{count} répondants {of_total} ({share}, IC à 95{nnbsp}%{nbsp}: {ci}) se "
            "disent prêts à adopter de nouvelles approches dans leur travail quotidien.",
        },
        "knowledge_sentence": {
            "one": "{count} répondant {of_total} ({share}, IC à 95{nnbsp}%{nbsp}: {ci}) estime "
            "ses connaissances plus élevées après la formation qu’avant.",
            "other": "{count} répondants {of_total} ({share}, IC à 95{nnbsp}%{nbsp}: {ci}) "
            "estiment leurs connaissances plus élevées après la formation qu’avant.",
        },
        "recommend_sentence": {
            "one": "Sur {count} répondant, {promoters} et {detractors}{nbsp}: score net de "
            "{score} (IC à 95{nnbsp}%{nbsp}: {ci}, sur une échelle de -100 à +100).",
            "other": "Sur {count} répondants, {promoters} et {detractors}{nbsp}: score net de "
            "{score} (IC à 95{nnbsp}%{nbsp}: {ci}, sur une échelle de -100 à +100).",
        },
        "promoters": {
            "one": "{count} recommanderait vivement la formation",
            "other": "{count} recommanderaient vivement la formation",
        },
        "detractors": {
            "one": "{count} lui a donné une note de 0 à 6",
            "other": "{count} lui ont donné une note de 0 à 6",
        },
        "method_survey": {
            "one": "Après la formation, les participants ont rempli eux-mêmes un questionnaire "
            "anonyme. {count} personne a répondu sur {participants}, soit un taux de réponse "
            "de {rate}.",
            "other": "Après la formation, les participants ont rempli eux-mêmes un "
            "questionnaire anonyme. {count} personnes ont répondu sur {participants}, soit un "
            "taux de réponse de {rate}.",
        },
        "method_survey_no_expected": {
            "one": "Après la formation, les participants ont rempli eux-mêmes un questionnaire "
            "anonyme. {count} personne a répondu.",
            "other": "Après la formation, les participants ont rempli eux-mêmes un "
            "questionnaire anonyme. {count} personnes ont répondu.",
        },
        "annex_text": {
            "one": "{count} réponse libre (non reproduite).",
            "other": "{count} réponses libres (non reproduites).",
        },
    },
    "en": {
        "participants": {"one": "{count} participant", "other": "{count} participants"},
        "responses_of_expected": {
            "one": "{count} response from {participants}",
            "other": "{count} responses from {participants}",
        },
        "responses_only": {"one": "{count} response", "other": "{count} responses"},
        "of_expected": {
            "one": "of {count} expected participant",
            "other": "of {count} expected participants",
        },
        "response_sentence": {"other": "{count} {of_total} answered ({share})."},
        "of_respondents": {"one": "of {count} respondent", "other": "of {count} respondents"},
        "satisfied_sentence": {
            "one": "{count} {of_total} ({share}, 95% CI {ci}) was satisfied or very satisfied.",
            "other": "{count} {of_total} ({share}, 95% CI {ci}) were satisfied or very satisfied.",
        },
        "ready_sentence": {
            "one": "{count} {of_total} ({share}, 95% CI {ci}) is ready to adopt new approaches "
            "in their daily work.",
            "other": "{count} {of_total} ({share}, 95% CI {ci}) are ready to adopt new "
            "approaches in their daily work.",
        },
        "knowledge_sentence": {
            "one": "{count} {of_total} ({share}, 95% CI {ci}) rates their knowledge higher "
            "after the training than before.",
            "other": "{count} {of_total} ({share}, 95% CI {ci}) rate their knowledge higher "
            "after the training than before.",
        },
        "recommend_sentence": {
            "one": "Of {count} respondent, {promoters} and {detractors}: a net score of "
            "{score} (95% CI {ci}, on a scale from -100 to +100).",
            "other": "Of {count} respondents, {promoters} and {detractors}: a net score of "
            "{score} (95% CI {ci}, on a scale from -100 to +100).",
        },
        "promoters": {"other": "{count} would strongly recommend the training"},
        "detractors": {"other": "{count} gave it 0 to 6"},
        "method_survey": {
            "other": "After the training, participants filled in an anonymous questionnaire "
            "themselves. {count} of {participants} answered, a response rate of {rate}."
        },
        "method_survey_no_expected": {
            "one": "After the training, participants filled in an anonymous questionnaire "
            "themselves. {count} person answered.",
            "other": "After the training, participants filled in an anonymous questionnaire "
            "themselves. {count} people answered.",
        },
        "annex_text": {
            "one": "{count} free-text answer (not reproduced).",
            "other": "{count} free-text answers (not reproduced).",
        },
    },
    "ar": {
        "participants": {
            "zero": "0 مشارك",
            "one": "مشارك واحد",
            "two": "مشاركَين اثنين",
            "few": "{count} مشاركين",
            "many": "{count} مشاركًا",
            "other": "{count} مشارك",
        },
        "responses_of_expected": {
            "zero": "لا إجابات من أصل {participants}",
            "one": "إجابة واحدة من أصل {participants}",
            "two": "إجابتان من أصل {participants}",
            "few": "{count} إجابات من أصل {participants}",
            "many": "{count} إجابة من أصل {participants}",
            "other": "{count} إجابة من أصل {participants}",
        },
        "responses_only": {
            "zero": "لا إجابات",
            "one": "إجابة واحدة",
            "two": "إجابتان",
            "few": "{count} إجابات",
            "many": "{count} إجابة",
            "other": "{count} إجابة",
        },
        "of_expected": {"other": "من أصل {count} من المشاركين المتوقَّعين"},
        "response_sentence": {
            "zero": "لم يُجب أحد {of_total} ({share}).",
            "one": "أجاب مشارك واحد {of_total} ({share}).",
            "two": "أجاب مشاركان {of_total} ({share}).",
            "other": "أجاب {count} {of_total} ({share}).",
        },
        "of_respondents": {"other": "من أصل {count}"},
        "satisfied_sentence": {
            "zero": "لا أحد {of_total} ({share}، فاصل الثقة 95%: {ci}) راضٍ أو راضٍ جدًا.",
            "one": "مجيب واحد {of_total} ({share}، فاصل الثقة 95%: {ci}) راضٍ أو راضٍ جدًا.",
            "two": "مجيبان {of_total} ({share}، فاصل الثقة 95%: {ci}) راضيان أو راضيان جدًا.",
            "few": "{count} مجيبين {of_total} ({share}، فاصل الثقة 95%: {ci}) راضون أو راضون جدًا.",
            "many": "{count} مجيبًا {of_total} ({share}، فاصل الثقة 95%: {ci}) راضون أو راضون جدًا.",
            "other": "{count} مجيب {of_total} ({share}، فاصل الثقة 95%: {ci}) راضون أو راضون جدًا.",
        },
        "ready_sentence": {
            "zero": "لا أحد {of_total} ({share}، فاصل الثقة 95%: {ci}) مستعد لتبنّي مقاربات "
            "جديدة في عمله اليومي.",
            "one": "مجيب واحد {of_total} ({share}، فاصل الثقة 95%: {ci}) مستعد لتبنّي مقاربات "
            "جديدة في عمله اليومي.",
            "two": "مجيبان {of_total} ({share}، فاصل الثقة 95%: {ci}) مستعدان لتبنّي مقاربات "
            "جديدة في عملهما اليومي.",
            "few": "{count} مجيبين {of_total} ({share}، فاصل الثقة 95%: {ci}) مستعدون لتبنّي "
            "مقاربات جديدة في عملهم اليومي.",
            "many": "{count} مجيبًا {of_total} ({share}، فاصل الثقة 95%: {ci}) مستعدون لتبنّي "
            "مقاربات جديدة في عملهم اليومي.",
            "other": "{count} مجيب {of_total} ({share}، فاصل الثقة 95%: {ci}) مستعدون لتبنّي "
            "مقاربات جديدة في عملهم اليومي.",
        },
        "knowledge_sentence": {
            "zero": "لا أحد {of_total} ({share}، فاصل الثقة 95%: {ci}) يقدّر معارفه بعد الدورة "
            "أعلى مما كانت قبلها.",
            "one": "مجيب واحد {of_total} ({share}، فاصل الثقة 95%: {ci}) يقدّر معارفه بعد "
            "الدورة أعلى مما كانت قبلها.",
            "two": "مجيبان {of_total} ({share}، فاصل الثقة 95%: {ci}) يقدّران معارفهما بعد "
            "الدورة أعلى مما كانت قبلها.",
            "few": "{count} مجيبين {of_total} ({share}، فاصل الثقة 95%: {ci}) يقدّرون معارفهم "
            "بعد الدورة أعلى مما كانت قبلها.",
            "many": "{count} مجيبًا {of_total} ({share}، فاصل الثقة 95%: {ci}) يقدّرون معارفهم "
            "بعد الدورة أعلى مما كانت قبلها.",
            "other": "{count} مجيب {of_total} ({share}، فاصل الثقة 95%: {ci}) يقدّرون معارفهم "
            "بعد الدورة أعلى مما كانت قبلها.",
        },
        "recommend_sentence": {
            "one": "من أصل مجيب واحد، {promoters} و{detractors}: صافي النقاط {score} (فاصل "
            "الثقة 95%: {ci}، على مقياس من -100 إلى +100).",
            "two": "من أصل مجيبَين اثنين، {promoters} و{detractors}: صافي النقاط {score} "
            "(فاصل الثقة 95%: {ci}، على مقياس من -100 إلى +100).",
            "few": "من أصل {count} مجيبين، {promoters} و{detractors}: صافي النقاط {score} "
            "(فاصل الثقة 95%: {ci}، على مقياس من -100 إلى +100).",
            "many": "من أصل {count} مجيبًا، {promoters} و{detractors}: صافي النقاط {score} "
            "(فاصل الثقة 95%: {ci}، على مقياس من -100 إلى +100).",
            "other": "من أصل {count} مجيب، {promoters} و{detractors}: صافي النقاط {score} "
            "(فاصل الثقة 95%: {ci}، على مقياس من -100 إلى +100).",
        },
        "promoters": {
            "zero": "لن يوصي أحد بالدورة بشدة",
            "one": "سيوصي مجيب واحد بالدورة بشدة",
            "two": "سيوصي مجيبان بالدورة بشدة",
            "other": "سيوصي {count} بالدورة بشدة",
        },
        "detractors": {
            "zero": "لم يعطها أحد من 0 إلى 6",
            "one": "أعطاها مجيب واحد من 0 إلى 6",
            "two": "أعطاها مجيبان من 0 إلى 6",
            "other": "أعطاها {count} من 0 إلى 6",
        },
        "method_survey": {
            "zero": "بعد الدورة، ملأ المشاركون بأنفسهم استبيانًا مجهول الهوية. لم يُجب أحد "
            "من أصل {participants}، أي بنسبة استجابة قدرها {rate}.",
            "one": "بعد الدورة، ملأ المشاركون بأنفسهم استبيانًا مجهول الهوية. أجاب شخص واحد "
            "من أصل {participants}، أي بنسبة استجابة قدرها {rate}.",
            "two": "بعد الدورة، ملأ المشاركون بأنفسهم استبيانًا مجهول الهوية. أجاب شخصان "
            "من أصل {participants}، أي بنسبة استجابة قدرها {rate}.",
            "other": "بعد الدورة، ملأ المشاركون بأنفسهم استبيانًا مجهول الهوية. أجاب {count} "
            "من أصل {participants}، أي بنسبة استجابة قدرها {rate}.",
        },
        "method_survey_no_expected": {
            "zero": "بعد الدورة، ملأ المشاركون بأنفسهم استبيانًا مجهول الهوية. لم يُجب أحد.",
            "one": "بعد الدورة، ملأ المشاركون بأنفسهم استبيانًا مجهول الهوية. أجاب شخص واحد.",
            "two": "بعد الدورة، ملأ المشاركون بأنفسهم استبيانًا مجهول الهوية. أجاب شخصان.",
            "few": "بعد الدورة، ملأ المشاركون بأنفسهم استبيانًا مجهول الهوية. أجاب {count} أشخاص.",
            "many": "بعد الدورة، ملأ المشاركون بأنفسهم استبيانًا مجهول الهوية. أجاب {count} شخصًا.",
            "other": "بعد الدورة، ملأ المشاركون بأنفسهم استبيانًا مجهول الهوية. أجاب {count} شخص.",
        },
        "annex_text": {
            "zero": "لا إجابات حرّة.",
            "one": "إجابة حرّة واحدة (غير منشورة).",
            "two": "إجابتان حرّتان (غير منشورتين).",
            "few": "{count} إجابات حرّة (غير منشورة).",
            "many": "{count} إجابة حرّة (غير منشورة).",
            "other": "{count} إجابة حرّة (غير منشورة).",
        },
    },
}


def strings_for(lang: str) -> dict[str, str]:
    """Return the report's words for ``lang`` (English when it has none), spaces filled in."""
    table = STRINGS.get(lang.split("-")[0].lower(), STRINGS["en"])
    return {key: _fill(text) for key, text in table.items()}


def plural(lang: str, key: str, count: int, **fields: object) -> str:
    """Return the words for ``count`` under ``key`` in ``lang``'s plural form for it."""
    base = lang.split("-")[0].lower()
    if base not in PLURALS:
        base = "en"
    forms = PLURALS[base][key]
    text = forms.get(Locale.parse(base).plural_form(count), forms["other"])
    return _fill(text).format(count=count, **fields)


def _fill(text: str) -> str:
    # Only the typographic spaces are filled here; other fields stay for the caller.
    return text.replace("{nnbsp}", NNBSP).replace("{nbsp}", NBSP)
