"""What demo groups say about themselves, in French, German and Italian: the names,
description sentences, costs, accessibility notes, meeting places and schedule notes a group
of each language is made from."""

from dataclasses import dataclass

from ..models import Audience


def french_at(locality):
    """'à Lausanne', 'au Locle', 'aux Breuleux'."""
    if locality.startswith("Le "):
        return "au " + locality[3:]
    if locality.startswith("Les "):
        return "aux " + locality[4:]
    return "à " + locality


@dataclass(frozen=True)
class Texts:
    """Everything a group says about itself, in one language. {theme} is the theme's name in
    that language, {place} the locality (or the word for online), {where} 'in <locality>'."""

    online: str
    where: object
    names: dict
    openings: dict
    middles: list
    peers: list
    professionals: list
    hybrid: list
    online_meetings: list
    forming: list
    full: list
    welcome: list
    costs: list
    online_costs: list
    accessibility: list
    online_accessibility: list
    meeting_places: list
    notes: list
    irregular_notes: list


FRENCH = Texts(
    online="en ligne",
    where=french_at,
    names={
        Audience.AFFECTED: [
            "Groupe de parole {theme} – {place}",
            "Groupe d'entraide {theme} – {place}",
            "Groupe d'entraide « {theme} », {place}",
            "Café-rencontre {theme} – {place}",
        ],
        Audience.RELATIVES: [
            "Groupe de proches – {theme} – {place}",
            "Groupe de parole pour proches : {theme} – {place}",
            "Proches et entourage : {theme} – {place}",
        ],
        Audience.BOTH: [
            "Groupe d'entraide {theme} – {place}",
            "Groupe de parole {theme}, personnes concernées et proches – {place}",
            "Espace d'échange {theme} – {place}",
        ],
    },
    openings={
        Audience.AFFECTED: [
            "Ce groupe réunit des personnes concernées par le thème « {theme} ».",
            "Nous nous retrouvons {where} pour échanger autour du thème « {theme} » et partager"
            " notre vécu.",
            "Le thème « {theme} » fait partie de votre vie et vous aimeriez en parler avec"
            " d'autres qui le vivent aussi ?",
        ],
        Audience.RELATIVES: [
            "Ce groupe s'adresse aux proches – conjoints, parents, enfants, amis – de personnes"
            " concernées par le thème « {theme} ».",
            "Quand un proche est concerné par le thème « {theme} », l'entourage aussi a besoin"
            " de soutien : ici, des proches se retrouvent {where} pour en parler.",
        ],
        Audience.BOTH: [
            "Personnes concernées et proches sont les bienvenus dans ce groupe consacré au"
            " thème « {theme} ».",
            "Ce groupe est ouvert aux personnes concernées par le thème « {theme} » comme à"
            " leur entourage.",
        ],
    },
    middles=[
        "Dans un climat de confiance et de respect, chacun partage son expérience, ses"
        " questions et ses astuces du quotidien.",
        "On y parle librement, sans jugement, et ce qui se dit dans le groupe reste dans le"
        " groupe.",
        "Les rencontres aident à rompre l'isolement, à se sentir compris et à échanger des"
        " conseils pratiques.",
        "Chacun vient à son rythme et prend la parole quand il le souhaite.",
    ],
    peers=["Le groupe est animé par ses membres, qui vivent eux-mêmes la situation."],
    professionals=[
        "Les rencontres sont accompagnées par un professionnel du domaine.",
        "Une infirmière spécialisée accompagne le groupe.",
    ],
    hybrid=["Il est aussi possible de participer en ligne."],
    online_meetings=[
        "Les rencontres ont lieu en visioconférence ; le lien est transmis après un premier"
        " contact."
    ],
    forming=[
        "Le groupe est en cours de création : les personnes intéressées sont invitées à se"
        " manifester."
    ],
    full=[
        "Le groupe est complet pour le moment, mais vous pouvez vous inscrire sur la liste"
        " d'attente."
    ],
    welcome=[
        "Les nouvelles personnes sont les bienvenues.",
        "Une première rencontre sans engagement est possible.",
    ],
    costs=["Gratuit", "Gratuit, collecte libre", "CHF 5 par rencontre",
           "CHF 10 par rencontre (réduction possible)", "Participation aux frais : CHF 20 par an"],
    online_costs=["Gratuit", "Gratuit, don bienvenu"],
    accessibility=[
        "Salle accessible en fauteuil roulant.",
        "Ascenseur ; toilettes adaptées.",
        "À cinq minutes à pied de la gare.",
        "Boucle magnétique sur demande.",
    ],
    online_accessibility=["Caméra facultative.", "Participation possible par téléphone."],
    meeting_places=["Maison de quartier", "Centre paroissial, salle du rez-de-chaussée",
                    "Salle communale", "Bibliothèque municipale, salle de réunion",
                    "Locaux du centre d'entraide", "Hôpital régional, salle de conférence"],
    notes=["Pas de rencontre en juillet et août.",
           "Merci de prendre contact avant la première venue.",
           "Pause pendant les vacances scolaires."],
    irregular_notes=["Les dates sont fixées d'une rencontre à l'autre.",
                     "Dates communiquées par e-mail aux participants."],
)  # fmt: skip

GERMAN = Texts(
    online="online",
    where=lambda locality: "in " + locality,
    names={
        Audience.AFFECTED: [
            "Selbsthilfegruppe {theme} {place}",
            "Gesprächsgruppe {theme} – {place}",
            "Selbsthilfegruppe «{theme}», {place}",
            "Treffpunkt {theme} {place}",
        ],
        Audience.RELATIVES: [
            "Angehörigengruppe {theme} {place}",
            "Selbsthilfegruppe für Angehörige: {theme} – {place}",
            "Angehörige und Freunde: {theme} – {place}",
        ],
        Audience.BOTH: [
            "Selbsthilfegruppe {theme} {place}",
            "Selbsthilfegruppe {theme} für Betroffene und Angehörige – {place}",
            "Austauschgruppe {theme} {place}",
        ],
    },
    openings={
        Audience.AFFECTED: [
            "In dieser Gruppe treffen sich Menschen, für die das Thema «{theme}» zum Alltag"
            " gehört.",
            "Wir treffen uns {where}, um unsere Erfahrungen zum Thema «{theme}» zu teilen.",
            "Das Thema «{theme}» gehört zu Ihrem Leben und Sie möchten sich mit anderen"
            " austauschen, denen es ähnlich geht?",
        ],
        Audience.RELATIVES: [
            "Die Gruppe richtet sich an Angehörige – Partnerinnen und Partner, Eltern, Kinder,"
            " Freunde – von Menschen, die vom Thema «{theme}» betroffen sind.",
            "Wenn ein nahestehender Mensch vom Thema «{theme}» betroffen ist, brauchen auch"
            " Angehörige Unterstützung – hier finden sie Verständnis und Entlastung.",
        ],
        Audience.BOTH: [
            "Betroffene und Angehörige sind in dieser Gruppe zum Thema «{theme}» gleichermassen"
            " willkommen.",
            "Die Gruppe steht Menschen offen, die vom Thema «{theme}» betroffen sind, und"
            " ebenso ihrem Umfeld.",
        ],
    },
    middles=[
        "In einem vertraulichen Rahmen erzählen wir, was uns beschäftigt, und geben einander"
        " Tipps für den Alltag.",
        "Hier dürfen wir offen reden, ohne bewertet zu werden – was in der Gruppe gesagt wird,"
        " bleibt in der Gruppe.",
        "Der Austausch hilft, sich verstanden zu fühlen und nicht mehr allein zu kämpfen.",
        "Alle bestimmen selbst, wie viel sie erzählen möchten.",
    ],
    peers=["Die Gruppe organisiert sich selbst; alle tragen gemeinsam Verantwortung."],
    professionals=[
        "Die Treffen werden von einer Fachperson begleitet.",
        "Eine Fachperson aus der Beratung moderiert die Treffen.",
    ],
    hybrid=["Wer nicht vor Ort sein kann, nimmt per Video teil."],
    online_meetings=[
        "Wir treffen uns per Videokonferenz; den Link erhalten Sie nach einer ersten"
        " Kontaktaufnahme."
    ],
    forming=["Die Gruppe ist im Aufbau – Interessierte melden sich gerne."],
    full=["Die Gruppe ist zurzeit voll; gerne setzen wir Sie auf die Warteliste."],
    welcome=[
        "Neue Teilnehmende sind herzlich willkommen.",
        "Ein unverbindliches Schnuppern ist jederzeit möglich.",
    ],
    costs=["kostenlos", "kostenlos, Kollekte", "CHF 5 pro Treffen",
           "Unkostenbeitrag CHF 10 pro Abend", "Jahresbeitrag CHF 30"],
    online_costs=["kostenlos", "kostenlos, Spende willkommen"],
    accessibility=[
        "Rollstuhlgängig.",
        "Lift vorhanden, rollstuhlgerechtes WC.",
        "Fünf Gehminuten vom Bahnhof.",
        "Höranlage auf Anfrage.",
    ],
    online_accessibility=["Kamera freiwillig.", "Teilnahme auch per Telefon möglich."],
    meeting_places=["Quartiertreff", "Kirchgemeindehaus, Saal im Erdgeschoss",
                    "Gemeinschaftszentrum", "Räume der Selbsthilfe-Kontaktstelle",
                    "Regionalspital, Sitzungszimmer", "Familienzentrum"],
    notes=["Keine Treffen in den Sommerferien.",
           "Bitte vor dem ersten Besuch kurz melden.",
           "Im Dezember findet ein gemeinsames Essen statt."],
    irregular_notes=["Die Termine werden jeweils beim Treffen vereinbart.",
                     "Daten nach Absprache, per E-Mail."],
)  # fmt: skip

ITALIAN = Texts(
    online="online",
    where=lambda locality: "a " + locality,
    names={
        Audience.AFFECTED: [
            "Gruppo di auto-aiuto {theme} {place}",
            "Gruppo di parola {theme} – {place}",
            "Incontri «{theme}», {place}",
        ],
        Audience.RELATIVES: [
            "Gruppo per familiari – {theme} – {place}",
            "Gruppo di auto-aiuto per familiari: {theme} – {place}",
        ],
        Audience.BOTH: [
            "Gruppo di auto-aiuto {theme} – {place}",
            "Gruppo di auto-aiuto {theme} per persone toccate e familiari – {place}",
        ],
    },
    openings={
        Audience.AFFECTED: [
            "Il gruppo riunisce persone per cui il tema «{theme}» fa parte della vita"
            " quotidiana.",
            "Ci incontriamo {where} per condividere le nostre esperienze sul tema «{theme}».",
            "Il tema «{theme}» fa parte della tua vita e cerchi qualcuno con cui parlarne?",
        ],
        Audience.RELATIVES: [
            "Il gruppo è rivolto ai familiari e agli amici di persone confrontate con il tema"
            " «{theme}».",
            "Quando una persona cara è confrontata con il tema «{theme}», anche chi le sta"
            " vicino ha bisogno di sostegno: qui i familiari trovano ascolto.",
        ],
        Audience.BOTH: [
            "Persone direttamente toccate e familiari sono ugualmente benvenuti in questo"
            " gruppo sul tema «{theme}».",
            "Il gruppo è aperto sia alle persone toccate dal tema «{theme}» sia a chi sta loro"
            " vicino.",
        ],
    },
    middles=[
        "In un clima di fiducia e rispetto ognuno condivide la propria esperienza e i propri"
        " consigli pratici.",
        "Si parla liberamente, senza giudizi: ciò che viene detto nel gruppo resta nel"
        " gruppo.",
        "Gli incontri aiutano a sentirsi compresi e a non affrontare tutto da soli.",
    ],
    peers=["Il gruppo è gestito dai suoi membri."],
    professionals=["Gli incontri sono accompagnati da un professionista del settore."],
    hybrid=["È possibile partecipare anche online."],
    online_meetings=[
        "Ci incontriamo in videoconferenza; il link viene inviato dopo un primo contatto."
    ],
    forming=["Il gruppo è in fase di costituzione: chi è interessato può farsi avanti."],
    full=["Al momento il gruppo è al completo, ma è possibile iscriversi alla lista d'attesa."],
    welcome=[
        "Le persone nuove sono le benvenute.",
        "È possibile partecipare a un primo incontro senza impegno.",
    ],
    costs=["gratuito", "offerta libera", "CHF 5 a incontro", "CHF 10 a incontro"],
    online_costs=["gratuito"],
    accessibility=[
        "Accessibile in sedia a rotelle.",
        "Ascensore disponibile.",
        "A cinque minuti a piedi dalla stazione.",
    ],
    online_accessibility=["Telecamera facoltativa."],
    meeting_places=["Casa del quartiere", "Sala parrocchiale", "Centro diurno",
                    "Biblioteca comunale, sala riunioni", "Sede del centro di auto-aiuto"],
    notes=["Pausa estiva in luglio e agosto.",
           "Si prega di contattare il gruppo prima del primo incontro."],
    irregular_notes=["Le date vengono concordate di volta in volta."],
)  # fmt: skip

TEXTS = {"fr": FRENCH, "de": GERMAN, "it": ITALIAN}
