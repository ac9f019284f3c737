"""The first texts of the "about" page, in every site language, loaded by a data migration.

Admins edit them afterwards in the admin (Pages): changing this file does not change a database
that already has the page. The testimonial and the professional view are written for this site;
the people are fictional, the experience they describe is common.
"""

ABOUT_PAGE = {
    "en": {
        "title": "About self-help groups",
        "summary": (
            "A self-help group brings together people who live through the same illness, "
            "addiction, loss or difficult situation, or who stand by someone close who does. "
            "They meet regularly, as equals, to share what they live and to support one another."
        ),
        "benefits": "\n".join(
            [
                "Speaking freely, with people who live the same thing",
                "Feeling understood, without having to explain everything",
                "Sharing experience and practical advice",
                "No longer facing it alone",
                "Taking an active part in your own care",
            ]
        ),
        "body": """\
Health professionals recognise what self-help brings. Belonging to a group can strengthen mental \
health, help people live with an illness from day to day, and encourage them to take an active \
part in their own care.

## How a group works

Most groups meet once or twice a month, in person or online, often in the evening. Many are led \
by their members, as equals; some are accompanied by a professional. Many groups are free; some \
ask for a small contribution, for example towards the room.

What is said in the group stays in the group. Everyone speaks when they wish and shares only what \
they choose. You may also simply listen.

## Is a group right for me?

There is no right moment and nothing to prove. Some people come soon after a diagnosis or a \
loss, others after many years. Relatives and friends have their own groups, because they carry a \
great deal too.

A group does not replace medical or psychological treatment; it can go alongside it. If you are \
in crisis or in danger, call the emergency number 144, or 143 to talk to someone, day and night.

## Taking the first step

Look for a group by theme or by canton and read its page. You can then write to it through the \
form on this site: your message goes to the person who facilitates the group, or to the regional \
self-help centre. Ask your questions before you come; you may come once just to see.

If there is no group on your theme near you yet, the regional self-help centres know about \
groups being founded and can help you start one.""",
        "testimonial": (
            "For months I didn't dare tell anyone that my partner's depression was wearing me out "
            "too. At my first meeting I mostly listened. Then someone said exactly what I was "
            "feeling, and I was no longer alone with it. Today I come as much for the others as "
            "for myself."
        ),
        "testimonial_by": "Sandra, 47, in a group for relatives of people with depression",
        "professional_view": (
            "In my work I see what a group can add to care. People find words for what they are "
            "going through, learn from those a little further along the road, and come to their "
            "appointments with their own questions. A group does not replace treatment, but it "
            "often helps people take an active part in it."
        ),
        "professional_by": "Psychiatric nurse, outpatient clinic",
    },
    "fr": {
        "title": "À propos des groupes d'entraide",
        "summary": (
            "Un groupe d'entraide réunit des personnes qui vivent la même maladie, la même "
            "dépendance, le même deuil ou une même situation difficile, ou qui accompagnent un "
            "proche concerné. Elles se retrouvent régulièrement, d'égal à égal, pour partager ce "
            "qu'elles vivent et se soutenir."
        ),
        "benefits": "\n".join(
            [
                "Parler librement, avec des personnes qui vivent la même chose",
                "Trouver de la compréhension, sans avoir à tout expliquer",
                "Partager son expérience et des conseils pratiques",
                "Ne plus faire face en solitaire",
                "Prendre une part active à ses propres soins",
            ]
        ),
        "body": """\
Les professionnels de la santé reconnaissent l'apport de l'entraide. Faire partie d'un groupe \
peut renforcer la santé psychique, aider à vivre au quotidien avec une maladie et encourager à \
prendre une part active à ses propres soins.

## Comment fonctionne un groupe

La plupart des groupes se réunissent une ou deux fois par mois, en présentiel ou en ligne, \
souvent en soirée. Beaucoup sont animés par leurs membres, d'égal à égal ; certains sont \
accompagnés par des professionnels. Beaucoup de groupes sont gratuits ; certains demandent une \
petite participation, par exemple pour la salle.

Ce qui se dit dans le groupe reste dans le groupe. Chaque personne prend la parole quand elle le \
souhaite et ne partage que ce qu'elle choisit. On peut aussi simplement écouter.

## Un groupe, est-ce pour moi ?

Il n'y a pas de bon moment, ni rien à prouver. Certaines personnes viennent peu après un \
diagnostic ou un deuil, d'autres après de longues années. Les proches ont aussi leurs groupes, \
car eux aussi portent beaucoup.

Un groupe ne remplace pas un traitement médical ou psychologique ; il peut l'accompagner. En cas \
de crise ou de danger, appelez le 144 (urgences), ou le 143 pour parler à quelqu'un, jour et nuit.

## Faire le premier pas

Cherchez un groupe par thème ou par canton, puis lisez sa page. Vous pouvez ensuite lui écrire \
par le formulaire de ce site : votre message parvient à la personne qui anime le groupe, ou au \
centre d'entraide régional. Posez vos questions avant de venir ; vous pouvez venir une première \
fois simplement pour voir.

S'il n'existe pas encore de groupe sur votre thème près de chez vous, les centres d'entraide \
régionaux connaissent les groupes en création et peuvent vous aider à en fonder un.""",
        "testimonial": (
            "Pendant des mois, je n'ai osé dire à personne que la dépression de mon compagnon "
            "m'épuisait, moi aussi. À la première rencontre, j'ai surtout écouté. Puis quelqu'un a "
            "dit exactement ce que je ressentais, et je n'étais plus seule avec ça. Aujourd'hui, "
            "je viens autant pour les autres que pour moi."
        ),
        "testimonial_by": (
            "Sandra, 47 ans, dans un groupe pour proches de personnes souffrant de dépression"
        ),
        "professional_view": (
            "Dans mon travail, je vois ce qu'un groupe peut apporter aux soins. Les personnes y "
            "trouvent des mots pour ce qu'elles traversent, apprennent de celles qui ont un peu "
            "d'avance sur le chemin, et arrivent à leurs rendez-vous avec leurs propres questions. "
            "Un groupe ne remplace pas un traitement, mais il aide souvent à y prendre une part "
            "active."
        ),
        "professional_by": "Infirmière en psychiatrie, consultation ambulatoire",
    },
    "de": {
        "title": "Über Selbsthilfegruppen",
        "summary": (
            "In einer Selbsthilfegruppe treffen sich Menschen, die dieselbe Krankheit, Sucht, "
            "einen Verlust oder eine ähnlich schwierige Situation erleben, oder die einem "
            "betroffenen Menschen nahestehen. Sie kommen regelmässig zusammen, auf Augenhöhe, um "
            "zu teilen, was sie erleben, und sich gegenseitig zu stützen."
        ),
        "benefits": "\n".join(
            [
                "Offen reden, mit Menschen, die dasselbe erleben",
                "Verstanden werden, ohne alles erklären zu müssen",
                "Erfahrungen und praktische Tipps austauschen",
                "Nicht mehr allein kämpfen",
                "Die eigene Behandlung aktiv mitgestalten",
            ]
        ),
        "body": """\
Fachleute aus dem Gesundheitswesen anerkennen, was Selbsthilfe bewirken kann. Die Teilnahme an \
einer Gruppe kann die psychische Gesundheit stärken, helfen, den Alltag mit einer Krankheit zu \
bewältigen, und dazu ermutigen, die eigene Behandlung aktiv mitzugestalten.

## Wie eine Gruppe funktioniert

Die meisten Gruppen treffen sich ein- bis zweimal im Monat, vor Ort oder online, oft am Abend. \
Viele werden von den Mitgliedern selbst geleitet, auf Augenhöhe; manche werden von einer \
Fachperson begleitet. Viele Gruppen sind kostenlos; manche bitten um einen kleinen Beitrag, etwa \
für den Raum.

Was in der Gruppe gesagt wird, bleibt in der Gruppe. Alle sprechen, wann sie möchten, und \
erzählen nur, was sie erzählen wollen. Man darf auch einfach zuhören.

## Ist eine Gruppe das Richtige für mich?

Es gibt keinen richtigen Zeitpunkt und nichts zu beweisen. Manche kommen kurz nach einer \
Diagnose oder einem Verlust, andere nach vielen Jahren. Angehörige und Freunde haben eigene \
Gruppen, denn auch sie tragen viel.

Eine Gruppe ersetzt keine medizinische oder psychologische Behandlung; sie kann sie begleiten. \
In einer Krise oder bei Gefahr rufen Sie die Notrufnummer 144 an, oder die 143, um rund um die \
Uhr mit jemandem zu sprechen.

## Den ersten Schritt machen

Suchen Sie eine Gruppe nach Thema oder Kanton und lesen Sie ihre Seite. Über das Formular auf \
dieser Website können Sie der Gruppe dann schreiben: Ihre Nachricht geht an die Person, die die \
Gruppe leitet, oder an das regionale Selbsthilfezentrum. Stellen Sie Ihre Fragen ruhig vorher; \
Sie dürfen auch einfach einmal schnuppern kommen.

Gibt es in Ihrer Nähe noch keine Gruppe zu Ihrem Thema, kennen die regionalen \
Selbsthilfezentren Gruppen, die gerade entstehen, und helfen Ihnen, selbst eine zu gründen.""",
        "testimonial": (
            "Monatelang habe ich niemandem zu sagen gewagt, dass die Depression meines Partners "
            "auch mich erschöpft. Beim ersten Treffen habe ich vor allem zugehört. Dann sagte "
            "jemand genau das, was ich fühlte, und ich war nicht mehr allein damit. Heute komme "
            "ich ebenso für die anderen wie für mich."
        ),
        "testimonial_by": "Sandra, 47, in einer Gruppe für Angehörige von Menschen mit Depression",
        "professional_view": (
            "In meiner Arbeit sehe ich, was eine Gruppe zur Behandlung beitragen kann. Menschen "
            "finden Worte für das, was sie durchmachen, lernen von jenen, die schon ein Stück "
            "weiter sind, und kommen mit ihren eigenen Fragen in die Sprechstunde. Eine Gruppe "
            "ersetzt keine Behandlung, aber sie hilft oft, diese aktiv mitzugestalten."
        ),
        "professional_by": "Pflegefachfrau Psychiatrie, ambulante Sprechstunde",
    },
    "it": {
        "title": "I gruppi di auto-aiuto",
        "summary": (
            "Un gruppo di auto-aiuto riunisce persone che vivono la stessa malattia, la stessa "
            "dipendenza, lo stesso lutto o una situazione difficile simile, oppure che stanno "
            "accanto a una persona cara che la vive. Si incontrano regolarmente, alla pari, per "
            "condividere ciò che vivono e sostenersi a vicenda."
        ),
        "benefits": "\n".join(
            [
                "Parlare liberamente con persone che vivono la stessa cosa",
                "Sentirsi capiti, senza dover spiegare tutto",
                "Scambiare esperienze e consigli pratici",
                "Non affrontare più tutto da soli",
                "Partecipare attivamente alle proprie cure",
            ]
        ),
        "body": """\
I professionisti della salute riconoscono il valore dell'auto-aiuto. Far parte di un gruppo può \
rafforzare la salute psichica, aiutare a convivere ogni giorno con una malattia e incoraggiare a \
partecipare attivamente alle proprie cure.

## Come funziona un gruppo

La maggior parte dei gruppi si incontra una o due volte al mese, in presenza oppure online, \
spesso la sera. Molti sono guidati dai membri stessi, alla pari; alcuni sono accompagnati da una \
persona professionista. Molti gruppi sono gratuiti; alcuni chiedono un piccolo contributo, per \
esempio per la sala.

Ciò che si dice nel gruppo resta nel gruppo. Ognuno prende la parola quando lo desidera e \
condivide solo ciò che sceglie. Si può anche semplicemente ascoltare.

## Un gruppo fa per me?

Non esiste un momento giusto e non c'è niente da dimostrare. Alcune persone arrivano poco dopo \
una diagnosi o un lutto, altre dopo molti anni. Anche familiari e amici hanno i loro gruppi, \
perché anche loro portano molto.

Un gruppo non sostituisce una cura medica o psicologica; può affiancarla. In caso di crisi o di \
pericolo, chiamate il numero d'emergenza 144, oppure il 143 per parlare con qualcuno, giorno e \
notte.

## Fare il primo passo

Cercate un gruppo per tema o per cantone e leggete la sua pagina. Potete poi scrivergli tramite \
il modulo di questo sito: il messaggio arriva alla persona che anima il gruppo, oppure al centro \
regionale di auto-aiuto. Fate pure le vostre domande prima di venire; potete anche venire una \
prima volta solo per vedere.

Se vicino a voi non c'è ancora un gruppo sul vostro tema, i centri regionali di auto-aiuto \
conoscono i gruppi in via di costituzione e possono aiutarvi a fondarne uno.""",
        "testimonial": (
            "Per mesi non ho osato dire a nessuno che la depressione del mio compagno sfiniva "
            "anche me. Al primo incontro ho soprattutto ascoltato. Poi qualcuno ha detto "
            "esattamente quello che provavo, e non ero più sola. Oggi vengo tanto per gli altri "
            "quanto per me."
        ),
        "testimonial_by": "Sandra, 47 anni, in un gruppo per familiari di persone con depressione",
        "professional_view": (
            "Nel mio lavoro vedo quanto un gruppo possa aggiungere alle cure. Le persone trovano "
            "parole per ciò che attraversano, imparano da chi è un po' più avanti nel cammino e "
            "arrivano agli appuntamenti con le proprie domande. Un gruppo non sostituisce una "
            "terapia, ma spesso aiuta a prendervi parte attivamente."
        ),
        "professional_by": "Infermiera in psichiatria, servizio ambulatoriale",
    },
}
