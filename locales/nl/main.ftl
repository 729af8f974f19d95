## The page shell
skip-to-content = Naar de inhoud
nav-label = Hoofdmenu
menu = Menu
nav-home = Start
nav-account = Mijn account
logout = Uitloggen
language-label = Taal
language-switch = English
language-switch-hint = Switch to English
footer-accessibility = Toegankelijkheid
footer-powered = Gemaakt met Plein, open source (EUPL-1.2)
title-error = Fout: { $title }

## Login
login-title = Inloggen
login-intro = Log in met je gebruikersnaam of e-mailadres.
login-username = Gebruikersnaam of e-mailadres
login-password = Wachtwoord
login-submit = Inloggen
login-invalid = De gebruikersnaam of het wachtwoord klopt niet.
login-throttled = Te veel mislukte pogingen. Probeer het over { $minutes ->
    [one] een minuut
   *[other] { $minutes } minuten
} opnieuw.
login-required = Vul je gebruikersnaam en wachtwoord in.
logged-out = Je bent uitgelogd.

## Home
home-title = Start
home-welcome = Welkom, { $name }

## Account
account-title = Mijn account
account-details = Gegevens
account-name = Naam
account-username = Gebruikersnaam
account-email = E-mailadres
account-kind = Soort account
account-kind-employee = Medewerker
account-kind-guest = Externe gast
account-role = Rol
account-role-admin = Beheerder
account-language = Taal van de website
account-language-submit = Taal opslaan
account-password = Wachtwoord wijzigen
account-password-current = Huidig wachtwoord
account-password-new = Nieuw wachtwoord
account-password-new-hint = Minstens 12 tekens. Kies iets dat niet makkelijk te raden is, bijvoorbeeld een paar losse woorden.
account-password-repeat = Herhaal het nieuwe wachtwoord
account-password-submit = Wachtwoord wijzigen
account-password-changed = Je wachtwoord is gewijzigd. Je andere sessies zijn beëindigd.
form-has-errors = Het formulier bevat fouten. Verbeter ze en probeer het opnieuw.

## Field errors
error-required = Dit veld is verplicht.
error-too-long = Dit is te lang (hoogstens { $max } tekens).
error-too-short = Dit is te kort (minstens { $min } tekens).
error-invalid = Dit is geen geldige waarde.
error-characters = Dit bevat tekens die hier niet zijn toegestaan, zoals stuurtekens of tekens die de leesrichting omdraaien.
error-taken = Dit is al in gebruik; kies iets anders.
error-password-too-short = Het wachtwoord moet minstens { $min } tekens lang zijn.
error-password-too-long = Het wachtwoord mag hoogstens { $max } tekens lang zijn.
error-password-too-common = Dit wachtwoord is te makkelijk te raden. Kies een langer wachtwoord of een paar losse woorden.
error-password-mismatch = De twee nieuwe wachtwoorden zijn niet gelijk.
error-password-wrong = Het huidige wachtwoord klopt niet.
error-password-throttled = Te vaak een verkeerd wachtwoord. Probeer het over { $minutes ->
    [one] een minuut
   *[other] { $minutes } minuten
} opnieuw.

## Error pages
error-400-title = Dit kunnen we niet verwerken
error-400-text = Wat je verstuurde bevat tekens die Plein niet aanneemt (zoals stuurtekens), of het klopt niet met het formulier. Ga terug, controleer wat je invulde en probeer het opnieuw.
error-404-title = Pagina niet gevonden
error-404-text = Deze pagina bestaat niet, of je hebt er geen toegang toe.
error-403-title = Niet toegestaan
error-403-text = Dit verzoek is geweigerd. Ga terug en probeer het opnieuw vanaf de pagina zelf.
error-405-title = Niet toegestaan
error-405-text = Deze handeling kan hier niet.
error-413-title = Te groot
error-413-text = Wat je verstuurde is te groot om te verwerken.
error-429-title = Te veel verzoeken
error-429-text = Je hebt te veel verzoeken gedaan. Wacht even en probeer het opnieuw.
error-500-title = Er ging iets mis
error-500-text = Er ging aan onze kant iets mis. Probeer het later opnieuw; blijft het misgaan, meld het dan bij de beheerder.
error-other-title = Er ging iets mis
error-other-text = Dit verzoek kon niet worden verwerkt.
error-back-home = Naar de startpagina

## Accessibility statement
a11y-title = Toegankelijkheid
a11y-intro = { $organisation } wil dat iedereen dit intranet kan gebruiken, ook met een beperking.
a11y-standard = Dit intranet is gebouwd volgens de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau A en AA, zoals het Besluit digitale toegankelijkheid overheid vraagt. Elke pagina wordt bij elke wijziging automatisch getest met axe-core in een echte browser, op telefoon-, tablet- en desktopformaat.
a11y-keyboard = Alle pagina's werken met alleen een toetsenbord en zonder JavaScript.
a11y-contact = Kom je toch iets tegen dat niet werkt? Laat het de beheerder van het intranet weten.

## Sessions
account-sessions = Actieve sessies
account-sessions-intro = Hier ben je nu ingelogd. Herken je een sessie niet, log dan overal anders uit en wijzig je wachtwoord.
account-session-this = Deze sessie
account-session-meta = Laatst actief { $when }
account-session-meta-address = Laatst actief { $when }, vanaf { $address }
account-sessions-end-others = Overal anders uitloggen
account-sessions-ended = Je bent overal anders uitgelogd.
session-device = { $browser } op { $os }
session-unknown-browser = Onbekende browser
session-unknown-os = onbekend systeem
time-just-now = zojuist
time-minutes-ago = { $n ->
    [one] een minuut geleden
   *[other] { $n } minuten geleden
}
time-hours-ago = { $n ->
    [one] een uur geleden
   *[other] { $n } uur geleden
}
time-days-ago = { $n ->
    [one] een dag geleden
   *[other] { $n } dagen geleden
}

## Command line
cli-listening = Plein luistert op { $address }
cli-demo-login = Demo: log in als { $admin } (beheerder) of { $employee } (medewerker) met het wachtwoord { $password }
cli-demo-created = Demo-organisatie aangemaakt: { $users } gebruikers in { $seconds } s.
cli-demo-present = De database heeft al gebruikers; de demo is niet aangemaakt.
cli-migrated = De database is bijgewerkt.
cli-search-progress = Zoekindex opbouwen: { $items } items ({ $rate } per seconde)…
cli-search-rebuilt = Zoekindex opgebouwd: { $items } items in { $seconds } s ({ $rate } per seconde).
cli-user-created = Account { $username } aangemaakt.
cli-password-set = Wachtwoord gewijzigd; de sessies van deze gebruiker zijn beëindigd.
cli-user-deactivated = Account gedeactiveerd; de sessies zijn beëindigd.
cli-user-reactivated = Account weer actief.
cli-password-prompt = Wachtwoord:
cli-password-again = Nogmaals:
cli-password-mismatch = De wachtwoorden zijn niet gelijk.
cli-taken = { $field ->
    [email] Dit e-mailadres is al in gebruik.
   *[other] Deze gebruikersnaam is al in gebruik.
}
cli-no-such-user = Deze gebruiker bestaat niet.
cli-field = { $field }: { $message }

## Spaces
nav-spaces = Teams
spaces-title = Teams en groepen
spaces-intro = Teams, werkgroepen, projecten en afdelingen waar je samenwerkt.
spaces-new = Nieuw team
spaces-filter-label = Filter
spaces-filter-kind = Soort
spaces-filter-kind-all = Alle soorten
spaces-filter-show = Toon
spaces-filter-all = Alle teams
spaces-filter-mine = Mijn teams
spaces-filter-joinable = Open om lid te worden
spaces-filter-submit = Filteren
spaces-none = Er zijn geen teams die hierbij passen.
spaces-count = { $count ->
    [one] Eén team
   *[other] { $count } teams
}
space-members-count = { $count ->
    [one] 1 lid
   *[other] { $count } leden
}
space-kind-team = Team
space-kind-workgroup = Werkgroep
space-kind-project = Project
space-kind-department = Afdeling
space-visibility-open = Open
space-visibility-open-help = Iedere medewerker kan meelezen en lid worden.
space-visibility-closed = Besloten
space-visibility-closed-help = Zichtbaar in de lijst; alleen leden lezen mee. Lid worden op verzoek.
space-visibility-secret = Geheim
space-visibility-secret-help = Alleen leden weten dat dit team bestaat.
space-role-owner = Eigenaar
space-role-admin = Beheerder
space-role-member = Lid
space-role-guest = Gast
space-your-role = Jouw rol: { $role }
space-archived = Gearchiveerd: dit team is alleen nog te lezen.
space-join = Lid worden
space-request = Lidmaatschap aanvragen
space-request-message = Bericht aan de eigenaren (niet verplicht)
space-requested = Je hebt gevraagd om lid te worden. Een eigenaar beslist daarover.
space-leave = Team verlaten
space-last-owner = Je bent de laatste eigenaar. Maak eerst iemand anders eigenaar voordat je het team verlaat.
space-closed-content = Dit is een besloten team. Alleen leden zien wat hier gebeurt.
space-members = Leden
space-requests = Verzoeken om lid te worden
space-request-approve = Toelaten
space-request-deny = Afwijzen
space-request-from = { $name } vraagt om lid te worden
space-joined = Je bent nu lid van dit team.
space-left = Je hebt het team verlaten.
space-external = extern
space-former = oud-collega
space-new-title = Nieuw team
space-field-name = Naam
space-field-description = Omschrijving
space-field-kind = Soort
space-field-visibility = Zichtbaarheid
space-field-colour = Kleur
space-field-guests = Externe gasten mogen worden uitgenodigd
space-field-admins-post = Alleen eigenaren en beheerders plaatsen berichten (mededelingen); leden reageren
space-create = Team aanmaken
colour-blue = Blauw
colour-green = Groen
colour-purple = Paars
colour-red = Rood
colour-orange = Oranje
colour-grey = Grijs

## Guests and invitations
mail-invitation-subject = { $inviter } nodigt je uit voor { $space } op { $organisation }
mail-invitation-intro = { $inviter } nodigt je uit om samen te werken in { $space } op { $organisation }, het intranet van onze organisatie.
mail-invitation-action = Maak met deze link je account aan:
mail-invitation-note = De link werkt tot { $until } en maar één keer. Als gast zie je alleen de teams waarvoor je bent uitgenodigd.
mail-guest-added-intro = { $inviter } heeft je toegevoegd aan { $space } op { $organisation }. Je vindt het team hier:
space-invite = Externe gast uitnodigen
space-invite-intro = De gast krijgt een e-mail met een link om een account aan te maken, en ziet alleen de teams waarvoor hij of zij is uitgenodigd.
space-invite-email = E-mailadres van de gast
space-invite-language = Taal van de uitnodiging
space-invite-submit = Uitnodiging versturen
space-invite-sent = De uitnodiging is verstuurd.
space-invite-added = Deze gast had al een account en is aan het team toegevoegd.
space-invite-employee = Dit adres hoort bij een medewerker. Medewerkers worden gewoon lid van het team.
space-invite-member = Deze persoon is al lid van dit team.
space-add-unknown = Er is geen collega met die naam, gebruikersnaam of dat e-mailadres (die nog geen lid is).
space-add-guest = Dit is een externe gast. Gasten komen binnen met een uitnodiging: nodig hen uit met hun e-mailadres.
space-add-title = Collega toevoegen
space-add-label = Naam, gebruikersnaam of e-mailadres
space-add-hint = De collega wordt meteen lid en krijgt daar een melding van.
space-add-submit = Toevoegen
space-add-choose-title = Welke collega bedoel je?
space-add-choose-intro = Meer collega's passen bij ‘{ $query }’. Kies wie je wilt toevoegen.
space-add-choose-more = Er passen nog meer collega's. Staat de juiste er niet bij? Ga terug en typ meer van de naam.
space-add-choose-submit = { $name } toevoegen
space-add-choose-back = Terug naar { $space }
space-guest-until = toegang tot { $date }
space-guest-renew = Toegang verlengen
space-guest-renewed = De toegang van de gast is verlengd met 90 dagen.
invitation-title = Uitnodiging voor { $space }
invitation-intro = Je bent uitgenodigd voor { $space }. Kies de naam waaronder collega's je zien en een wachtwoord.
invitation-email = Je logt in met je e-mailadres: { $email }
invitation-name = Je naam
invitation-submit = Account aanmaken
invitation-invalid-title = Uitnodiging niet geldig
invitation-invalid-text = Deze uitnodiging is al gebruikt, verlopen of bestaat niet. Vraag degene die je uitnodigde om een nieuwe.

## Managing a space
space-member-role-of = Rol van { $name }
space-member-save = Rol opslaan
space-member-remove = { $name } verwijderen
space-member-changed = De rol is gewijzigd.
space-member-removed = Het lid is verwijderd.
space-member-added = De collega is toegevoegd.
space-archive = Team archiveren
space-unarchive = Team heropenen
space-archived-now = Het team is gearchiveerd.
space-unarchived = Het team is heropend.

## Administration
nav-admin = Beheer
admin-title = Beheer
admin-intro = Beheer van groepen en rechten, en het logboek.
admin-groups = Groepen en rechten
admin-groups-intro = Groepen bepalen wat hun leden mogen, en zijn het publiek voor nieuws en pagina's.
admin-audit = Logboek
admin-audit-intro = Wie deed wat, wanneer, vanaf welk adres. Het logboek kan niet worden gewijzigd.
group-new = Nieuwe groep
group-name = Naam
group-description = Omschrijving
group-create = Groep aanmaken
group-save = Opslaan
group-delete = Groep verwijderen
group-members = Leden
group-members-count = { $count ->
    [one] 1 lid
   *[other] { $count } leden
}
group-add-member = Lid toevoegen (gebruikersnaam of e-mailadres)
group-add-member-submit = Toevoegen
group-remove-member = { $name } uit de groep halen
group-grants = Rechten
group-grants-none = Deze groep geeft geen extra rechten.
group-grants-save = Rechten opslaan
group-grants-admin-only = Alleen beheerders met het recht 'alles beheren' wijzigen rechten.
group-cannot-change = Deze groep geeft rechten die je zelf niet hebt. Je kunt haar daarom niet wijzigen.
group-saved = De groep is opgeslagen.
group-deleted = De groep is verwijderd.
group-unknown-user = Deze gebruiker bestaat niet.
group-taken = Er is al een groep met deze naam.
capability-admin = Alles beheren (ook rechten)
capability-manage_users = Gebruikers beheren
capability-manage_groups = Groepen beheren
capability-create_spaces = Teams aanmaken
capability-publish_news = Nieuws publiceren
capability-manage_pages = Pagina's en kennisbank beheren
capability-moderate = Modereren
capability-helpdesk = Helpdesk
capability-view_audit_log = Logboek inzien
audit-when = Wanneer
audit-who = Wie
audit-action = Handeling
audit-object = Waarop
audit-result = Resultaat
audit-origin = Adres
audit-success = gelukt
audit-failure = mislukt
audit-refused = geweigerd
audit-repeats = en nog { $n } keer, laatst { $last }
audit-filter-action = Handeling begint met
audit-filter-actor = Gebruiker
audit-filter-submit = Zoeken
audit-older = Oudere regels
audit-none = Geen regels gevonden.
audit-unknown = onbekend

## People
nav-people = Mensen
people-title = Mensen
people-intro = Vind collega's op naam, afdeling, groep of expertise.
people-filter-name = Naam
people-filter-department = Afdeling
people-filter-department-all = Alle afdelingen
people-filter-group = Groep
people-filter-group-all = Alle groepen
people-filter-expertise = Expertise
people-filter-submit = Zoeken
people-none = Niemand gevonden.
people-count = { $count ->
    [one] Eén persoon
   *[other] { $count } personen
}
person-job-title = Functie
person-department = Afdeling
person-location = Werkplek
person-phone = Telefoon
person-email = E-mail
person-about = Over mij
person-expertise = Vraag me over
person-spaces = Teams
person-edit = Mijn profiel bewerken
profile-title = Mijn profiel
profile-intro = Wat je hier invult, zien je collega's op je profiel en in het smoelenboek.
profile-phone-visible = Toon mijn telefoonnummer aan collega's
profile-expertise-hint = Onderwerpen waarover collega's je iets kunnen vragen, gescheiden door komma's.
profile-save = Profiel opslaan
profile-saved = Je profiel is opgeslagen.
admin-users = Gebruikers
admin-users-intro = Accounts van medewerkers en externe gasten: aanmaken, deactiveren, en een export voor de toegangscontrole.
users-search = Zoek op naam, gebruikersnaam of e-mailadres
users-search-submit = Zoeken
users-export = Exporteer gebruikers, groepen en rechten (CSV)
users-status-active = actief
users-status-deactivated = gedeactiveerd
users-last-login = laatst ingelogd { $when }
users-never-logged-in = nooit ingelogd
users-deactivate = { $name } deactiveren
users-reactivate = { $name } weer activeren
users-deactivated = Het account is gedeactiveerd; de sessies zijn beëindigd.
users-reactivated = Het account is weer actief.
users-created = Het account is aangemaakt.
users-new = Nieuw account
users-kind = Soort account
users-create = Account aanmaken
users-forbidden = Dit account heeft rechten die je zelf niet hebt, of het is je eigen account.
users-taken = Deze gebruikersnaam of dit e-mailadres is al in gebruik.
users-import = Gebruikers importeren (CSV)
users-import-help = Kolommen: username, name, email, kind (medewerker of gast) en groups (groepsnamen gescheiden door ;). Een fout in één regel en er wordt niets geïmporteerd. Accounts krijgen geen wachtwoord: ze kiezen er zelf een via de e-mail hieronder, of loggen in via single sign-on.
users-import-file = CSV-bestand
users-import-submit = Importeren
users-imported = { $count ->
    [one] Eén account geïmporteerd.
   *[other] { $count } accounts geïmporteerd.
}
users-import-refused = Er is niets geïmporteerd. Verbeter deze regels en probeer het opnieuw:
import-line = Regel { $line }: { $problem }
import-missing-column = de kolom { $column } ontbreekt
import-unreadable = dit is geen leesbare CSV
import-too-many = meer dan { $max } regels
import-kind = de soort moet medewerker of gast zijn
import-taken-username = deze gebruikersnaam is al in gebruik
import-taken-email = dit e-mailadres is al in gebruik
import-not-text = Het bestand is geen tekst in UTF-8, of bevat stuurtekens. Sla het in je spreadsheet op als "CSV UTF-8 (door komma's gescheiden)" en probeer het opnieuw.
import-unknown-group = de groep { $group } bestaat niet
import-group-not-allowed = je mag geen mensen in de groep { $group } zetten: die geeft rechten die je zelf niet hebt
import-field = { $field }: { $message }
profile-photo = Foto
profile-photo-current = Je huidige foto
profile-photo-file = Nieuwe foto
profile-photo-hint = Een PNG-, JPEG-, GIF- of WebP-bestand. We maken er een vierkant van 256 × 256 beeldpunten van.
profile-photo-upload = Foto opslaan
profile-photo-remove = Foto verwijderen
profile-photo-saved = Je foto is bijgewerkt.
space-settings = Instellingen van het team
space-settings-save = Instellingen opslaan
space-settings-saved = De instellingen zijn opgeslagen.

## Password links, user editing, birthdays, space images
login-forgot = Wachtwoord vergeten?
password-forgot-title = Wachtwoord vergeten
password-forgot-intro = Vul je gebruikersnaam of e-mailadres in. Hoort het bij een account, dan sturen we een link waarmee je een nieuw wachtwoord instelt.
password-forgot-submit = Stuur mij een link
password-forgot-sent = Als dit bij een account hoort, is er nu een e-mail met een link onderweg. Kijk ook in je map met ongewenste e-mail.
password-back-to-login = Terug naar inloggen
password-set-title = Wachtwoord instellen
password-set-intro = Kies een wachtwoord voor het account { $username }. Daarna ben je ingelogd; andere sessies van dit account worden beëindigd.
password-set-submit = Wachtwoord instellen
password-link-invalid-title = Deze link werkt niet meer
password-link-invalid-text = Een link om je wachtwoord in te stellen werkt maar één keer en niet lang (een herstellink { $hours } uur). Vraag op de inlogpagina een nieuwe aan via "Wachtwoord vergeten?".
mail-reset-subject = Nieuw wachtwoord voor { $organisation }
mail-reset-intro = Hallo { $name }, iemand (hopelijk jij) vroeg om een nieuw wachtwoord voor { $organisation }. Stel het in met deze link:
mail-reset-note = De link werkt twee uur en maar één keer. Heb jij dit niet gevraagd? Dan kun je deze e-mail negeren; je wachtwoord blijft hetzelfde.
mail-welcome-subject = Je account op { $organisation }
mail-welcome-intro = Hallo { $name }, er is een account voor je gemaakt op { $organisation }, het intranet van onze organisatie. Kies je wachtwoord met deze link:
mail-welcome-note = De link werkt zeven dagen en maar één keer. Daarna vraag je op de inlogpagina een nieuwe aan via "Wachtwoord vergeten?".
mail-password-username = Je gebruikersnaam is { $username }.
users-status = Status
users-last-login-label = Laatst ingelogd
users-password-label = Wachtwoord
users-password-set = ingesteld
users-password-none = nog niet ingesteld
users-guest-until = Toegang tot
users-view-profile = Bekijk het profiel
users-edit = Naam en e-mailadres
users-saved = De gegevens zijn opgeslagen.
users-created-welcome = Het account is aangemaakt. De gebruiker krijgt een e-mail met een link om een wachtwoord te kiezen.
users-import-welcome = Stuur elk nieuw account een e-mail met een link om een wachtwoord te kiezen
users-password-hint = Laat leeg om de gebruiker per e-mail een link te sturen waarmee die zelf een wachtwoord kiest.
person-birthday = Verjaardag
profile-birthday-hint = Alleen dag en maand, geen jaar. Collega's zien je verjaardag alleen als je dat hieronder aanzet.
profile-birthday-day = Dag
profile-birthday-month = Maand
profile-birthday-visible = Collega's mogen mijn verjaardag zien
month-1 = januari
month-2 = februari
month-3 = maart
month-4 = april
month-5 = mei
month-6 = juni
month-7 = juli
month-8 = augustus
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december
space-image = Afbeelding
space-image-current = De huidige afbeelding
space-image-file = Nieuwe afbeelding
space-image-upload = Afbeelding opslaan
space-image-remove = Afbeelding verwijderen
space-image-saved = De afbeelding is bijgewerkt.
pager-label = Pagina's
pager-first = Eerste pagina
pager-next = Volgende pagina

## The social stream
stream-title = Berichten
stream-empty = Nog geen berichten.
stream-more = Oudere berichten laden
post-in-space = in { $space }
post-on-profile = op het profiel van { $name }
post-likes = { $count ->
    [0] Nog niemand vindt dit leuk
    [one] Eén keer leuk
   *[other] { $count } keer leuk
}
post-comments = { $count ->
    [0] Reageren
    [one] Eén reactie
   *[other] { $count } reacties
}
post-like = Vind ik leuk
post-liked = Vind ik leuk (aan)
post-edit = Bewerken
post-edited = bewerkt
post-pinned = vastgezet
post-pin = Vastzetten
post-unpin = Losmaken
post-pinned-title = Vastgezet
post-delete = Verwijderen
post-hint = Typ @ om een collega te noemen en # voor een onderwerp; een webadres wordt vanzelf een link.
post-submit = Plaatsen
post-on-own-profile = Deel iets op je profiel
post-in-space-label = Schrijf een bericht in { $space }
post-title = Bericht van { $name }
post-edit-title = Bericht bewerken
post-body = Bericht
post-save = Opslaan
post-cancel = Annuleren
comments-title = Reacties
comments-none = Nog geen reacties.
comment-label = Jouw reactie
comment-submit = Reageren
comment-reply = Jouw antwoord
comment-reply-to = Antwoord aan { $name }
comment-delete = Verwijderen
likers-title = Wie vindt dit leuk
likers-back = Terug naar het bericht
likers-none = Nog niemand.
follow = Volgen
follow-person = { $name } volgen
follow-stop = Niet meer volgen

## Meldingen, vermeldingen, onderwerpen, peilingen en moderatie
nav-notifications = Meldingen
nav-unread = ongelezen
nav-moderation = Moderatie
stream-new-posts = Er zijn nieuwe berichten. Vernieuw de pagina om ze te zien.
mention-suggestions = Personen om te vermelden
notifications-title = Meldingen
notifications-none = Je hebt nog geen meldingen.
notifications-new = Nieuw
notifications-mark-all = Alles als gelezen markeren
notifications-mark-one = Markeer als gelezen
notifications-more = Oudere meldingen
notifications-mail-title = Meldingen per e-mail
notifications-mail-mentions = Stuur me direct een e-mail als iemand me vermeldt
notifications-mail-digest = Stuur me één keer per dag een samenvatting van mijn ongelezen meldingen
notifications-mail-save = Opslaan
notifications-mail-saved = Je keuzes zijn opgeslagen.
notification-mention = { $name } heeft je vermeld
notification-comment = { $others ->
    [0] { $name } reageerde op je bericht
    [one] { $name } en 1 ander reageerden op je bericht
   *[other] { $name } en { $others } anderen reageerden op je bericht
}
notification-reply = { $others ->
    [0] { $name } reageerde in een gesprek waaraan jij meedoet
    [one] { $name } en 1 ander reageerden in een gesprek waaraan jij meedoet
   *[other] { $name } en { $others } anderen reageerden in een gesprek waaraan jij meedoet
}
notification-like = { $others ->
    [0] { $name } vindt je bericht leuk
    [one] { $name } en 1 ander vinden je bericht leuk
   *[other] { $name } en { $others } anderen vinden je bericht leuk
}
notification-post = { $name } plaatste een nieuw bericht in { $space }
notification-post-profile = { $name } plaatste een nieuw bericht op het profiel
notification-join-request = { $name } wil lid worden van { $space }
notification-join-approved = Je bent lid geworden van { $space }
notification-join-declined = Je verzoek om lid te worden van { $space } is afgewezen
notification-added = { $name } heeft je toegevoegd aan { $space }
notification-hidden = Een moderator heeft je bericht verborgen
mail-mention-subject = { $name } heeft je vermeld op { $organisation }
mail-mention-intro = { $name } heeft je vermeld op { $organisation }:
mail-digest-subject = Je ongelezen meldingen op { $organisation }
mail-digest-intro = Hallo { $name }, dit gebeurde er voor jou op { $organisation }:
mail-notification-settings = Je kiest zelf welke meldingen je per e-mail krijgt: { $url }
topic-intro = Berichten met #{ $topic } die jij mag lezen, de nieuwste eerst.
poll-add = Peiling toevoegen
poll-options = Antwoordmogelijkheden
poll-options-hint = Eén per regel, 2 tot 10 verschillende, elk hoogstens 200 tekens.
poll-multiple = Meer dan één antwoord mag
poll-closes = Stemmen kan
poll-closes-never = zonder einddatum
poll-closes-after = { $days ->
    [one] 1 dag
   *[other] { $days } dagen
}
poll-closes-on = Sluit op { $when }
poll-closed = Gesloten
poll-votes = { $count ->
    [one] 1 stem
   *[other] { $count } stemmen
}
poll-your-choice = jouw keuze
poll-choose-one = Kies één antwoord
poll-choose-many = Kies een of meer antwoorden
poll-vote = Stemmen
poll-change = Stem wijzigen
poll-error-options = Geef 2 tot 10 verschillende antwoorden van hoogstens 200 tekens, één per regel.
poll-error-closes = Kies een sluitmoment in de toekomst.
poll-error-closed = Deze peiling is gesloten; stemmen kan niet meer.
poll-error-choice = Kies een van de antwoorden (bij deze peiling één).
post-hidden-notice = Een moderator heeft dit bericht verborgen; alleen jij en de moderatoren zien het nog.
comment-hidden-notice = Een moderator heeft deze reactie verborgen; alleen de schrijver en de moderatoren zien haar nog.
comment-withheld = Een moderator heeft deze reactie verborgen.
post-hidden-reason = Reden: { $reason }
report-link = Ongepast melden
report-title = Melden bij de moderatoren
report-intro = Vind je dat dit niet op het intranet hoort? Zeg waarom; de beheerders van het team of de moderatoren bekijken het.
report-reason = Waarom meld je dit?
report-submit = Melden
moderation-title = Moderatie
moderation-intro = Gemelde berichten en reacties in de teams die jij beheert. Verbergen of verwijderen komt met de reden in het logboek.
moderation-none = Er zijn geen open meldingen.
moderation-done = Je besluit is verwerkt.
moderation-reason-needed = Geef een reden om iets te verbergen.
moderation-post-by = Bericht van { $name }
moderation-comment-by = Reactie van { $name }
moderation-profile = op een profiel
moderation-news = bij nieuws: { $title }
moderation-reported-by = Gemeld door { $name }
moderation-open = Bekijk in de context
moderation-reason = Reden (de schrijver ziet die bij verbergen)
moderation-reason-hint = Nodig om te verbergen; bij verwijderen of afwijzen komt hij in het logboek.
moderation-hide = Verbergen
moderation-remove = Verwijderen
moderation-dismiss = Afwijzen
space-notify-title = Meldingen uit dit team
space-notify-all = Elk nieuw bericht
space-notify-normal = Zoals gewoonlijk (reacties op mijn berichten, vermeldingen, en nieuwe berichten als ik het team volg)
space-notify-mute = Alleen als iemand me vermeldt
space-notify-save = Opslaan
image-add = Afbeeldingen toevoegen
image-hint = Hoogstens { $count } afbeeldingen, elk met een beschrijving.
image-number = Afbeelding { $n }
image-file = Bestand (PNG, JPEG, GIF of WebP)
image-alt = Beschrijving van de afbeelding
image-alt-hint = Voor wie de afbeelding niet kan zien: wat staat erop? Verplicht bij een afbeelding, hoogstens 300 tekens.
image-error-alt = Beschrijf de afbeelding in hoogstens 300 tekens; dat is nodig voor wie haar niet kan zien.
image-error-not-image = Dit bestand is geen afbeelding die we kunnen lezen (PNG, JPEG, GIF of WebP).
image-error-too-large = Deze afbeelding is te groot om te verwerken; kies een kleinere (hoogstens 8000 pixels breed en hoog).
image-error-too-many = Een bericht heeft hoogstens 4 afbeeldingen.
image-error-file-too-large = De bestanden zijn samen te groot; kies kleinere afbeeldingen of minder tegelijk.

## The job queue (/beheer/taken)
admin-jobs = Taken
admin-jobs-intro = Werk dat na een wijziging gebeurt, zoals e-mail en de dagelijkse samenvatting. Mislukte taken worden later opnieuw geprobeerd; na te veel pogingen wachten ze hier op jou.
jobs-none = Er zijn geen wachtende of mislukte taken.
jobs-kind = Taak
jobs-state = Status
jobs-attempts = Pogingen
jobs-next = Volgende poging
jobs-error = Laatste fout
jobs-actions = Acties
jobs-retry = Opnieuw proberen
jobs-retried = De taak wordt opnieuw geprobeerd.
jobs-count-waiting = { $count } wachtend
jobs-count-running = { $count } bezig
jobs-count-failed = { $count } mislukt
job-state-waiting = wacht
job-state-running = bezig
job-state-failed = mislukt
job-state-done = klaar
job-kind-mail = E-mail
job-kind-digest = Dagelijkse samenvatting
job-kind-digests = Samenvattingen klaarzetten
job-kind-housekeeping = Onderhoud

## Confirmations, feedback and the action row
# Followed by the author's name, which the reader hears right after it.
post-more = Meer acties voor het bericht van
comment-more = Meer acties voor de reactie van
post-delete-title = Bericht verwijderen?
post-delete-question = Het bericht en alle reacties erop verdwijnen voorgoed. Dit kun je niet ongedaan maken.
comment-delete-title = Reactie verwijderen?
comment-delete-question = De reactie en de antwoorden erop verdwijnen voorgoed. Dit kun je niet ongedaan maken.
space-archive-title = Team archiveren?
space-archive-question = Niemand kan in een gearchiveerd team nog iets plaatsen of wijzigen; de leden kunnen alles nog lezen. Je kunt het team later weer openen.
group-delete-title = Groep verwijderen?
group-delete-question = De leden verliezen de rechten die deze groep gaf. Dit kun je niet ongedaan maken.
users-deactivate-title = Account deactiveren?
users-deactivate-question = De persoon kan niet meer inloggen en alle sessies eindigen meteen. Berichten en reacties blijven staan. Je kunt het account later weer activeren.
users-deactivate-yes = Deactiveren
confirm-cancel = Annuleren
confirm-yes = Ja, doorgaan
stream-post-created = Je bericht is geplaatst.
stream-post-removed = Het bericht is verwijderd.
stream-comment-created = Je reactie is geplaatst.
stream-comment-removed = De reactie is verwijderd.
report-sent = Bedankt voor je melding. De moderatoren bekijken het.
space-created = Het team is aangemaakt. Voeg nu collega's toe.
poll-error-question = Een vraag past op één regel van hoogstens 300 tekens.
poll-question = Vraag
poll-question-hint = Laat leeg als je bericht de vraag al stelt.

## Home
home-my-spaces = Mijn teams
home-no-spaces = Je bent nog geen lid van een team.
home-all-my-spaces = Al mijn teams
home-find-spaces = Teams zoeken
home-shortcuts = Snel naar
home-find-people = Collega's zoeken
home-new-space = Nieuw team
home-edit-profile = Mijn profiel bijwerken
home-notifications = Mijn meldingen
post-share = Wat wil je delen?
post-place = Plaatsen in
post-place-profile = Mijn profiel
format-help = Opmaak
format-help-text = **vet**, _schuin_, een regel die begint met - wordt een lijstje, [tekst](webadres) een link
format-bold = Vet
format-italic = Schuin
format-list = Lijstje
format-link = Link
format-link-prompt = Webadres van de link
format-preview = Voorbeeld
format-edit = Verder schrijven
format-toolbar = Opmaak

## Team sections
space-sections = Onderdelen van { $space }
space-section-posts = Berichten
space-section-members = Leden
space-section-about = Over
space-requests-open = verzoeken
space-add-suggestions = Collega's die passen
space-members-search = Zoek een lid op naam
space-members-search-submit = Zoeken
space-members-found = { $count } van de { $all } leden
space-members-none = Geen leden gevonden.
space-members-pages = Pagina's met leden
space-about-title = Waar dit team voor is
space-about-empty = Er is nog geen beschrijving.
space-about-manage = Beheren
space-about-kind = Soort
space-about-visibility = Wie het ziet
space-about-owners = Eigenaren
space-about-created = Begonnen op
pager-previous = Vorige pagina
spaces-filter-name = Naam
spaces-all = Alle teams

## The audit log in words
audit-someone = iemand
audit-something = iets
audit-system = Plein
audit-attempt = Geweigerd: { $sentence }
audit-did-other = { $actor }: { $action } { $object }
audit-did-audit-read = { $actor } bekeek het logboek
audit-did-comment-hide = { $actor } verborg een reactie van { $person }
audit-did-comment-remove = { $actor } verwijderde een reactie van { $person }
audit-did-demo-create = { $actor } maakte de demo-organisatie aan
audit-did-group-capabilities = { $actor } wijzigde de rechten van de groep { $object }
audit-did-group-create = { $actor } maakte de groep { $object } aan
audit-did-group-delete = { $actor } verwijderde een groep
audit-did-group-member-add = { $actor } voegde { $person } toe aan de groep { $object }
audit-did-group-member-remove = { $actor } haalde { $person } uit de groep { $object }
audit-did-group-update = { $actor } wijzigde de groep { $object }
audit-did-guest-accept = { $actor } nam de uitnodiging voor { $object } aan
audit-did-guest-add = { $actor } voegde gast { $person } toe aan { $object }
audit-did-guest-expire = De toegang van gast { $person } liep af
audit-did-guest-invite = { $actor } nodigde { $person } uit voor { $object }
audit-did-guest-renew = { $actor } verlengde de toegang van { $person } tot { $object }
audit-did-job-retry = { $actor } liet een mislukte taak opnieuw proberen
audit-did-jobs-read = { $actor } bekeek de takenlijst
audit-did-post-hide = { $actor } verborg een bericht van { $person }
audit-did-post-remove = { $actor } verwijderde een bericht van { $person }
audit-did-report-dismiss = { $actor } wees een melding af
audit-did-session-end-others = { $actor } beëindigde de eigen sessies op andere apparaten
audit-did-space-archive = { $actor } archiveerde { $object }
audit-did-space-create = { $actor } maakte { $object } aan
audit-did-space-image = { $actor } wijzigde de afbeelding van { $object }
audit-did-space-join = { $actor } werd lid van { $object }
audit-did-space-leave = { $actor } verliet { $object }
audit-did-space-member-add = { $actor } voegde { $person } toe aan { $object }
audit-did-space-member-remove = { $actor } haalde { $person } uit { $object }
audit-did-space-member-role = { $actor } gaf { $person } een andere rol in { $object }
audit-did-space-request = { $actor } vroeg om lid te worden van { $object }
audit-did-space-request-approve = { $actor } liet { $person } toe tot { $object }
audit-did-space-request-deny = { $actor } wees het verzoek van { $person } voor { $object } af
audit-did-space-unarchive = { $actor } opende { $object } weer
audit-did-space-update = { $actor } wijzigde de instellingen van { $object }
audit-did-user-create = { $actor } maakte het account van { $object } aan
audit-did-user-deactivate = { $actor } deactiveerde het account van { $object }
audit-did-user-export = { $actor } exporteerde de gebruikerslijst
audit-did-user-import = { $actor } importeerde gebruikers
audit-did-user-password-change = { $actor } wijzigde het eigen wachtwoord
audit-did-user-password-link-used = { $actor } stelde een wachtwoord in met een link
audit-did-user-password-reset-requested = Er werd een wachtwoordlink aangevraagd voor { $object }
audit-did-user-password-set = { $actor } stelde het wachtwoord van { $object } in
audit-did-user-reactivate = { $actor } activeerde het account van { $object } weer
audit-did-user-update = { $actor } wijzigde het account van { $object }
audit-filter-kind = Soort handeling
audit-filter-kind-all = Alle handelingen
audit-kind-accounts = Accounts
audit-kind-groepen = Groepen en rechten
audit-kind-teams = Teams
audit-kind-gasten = Externe gasten
audit-kind-moderatie = Moderatie
audit-kind-systeem = Systeem
audit-filter-from = Vanaf
audit-filter-to = Tot en met
audit-filter-person = Door (gebruikersnaam of e-mailadres)
audit-what = Wat er gebeurde
audit-code = Code
audit-export = Exporteren als CSV
audit-did-login = { $actor } logde in
audit-failed-login = Mislukte inlogpoging als { $actor }
audit-did-logout = { $actor } logde uit
audit-unknown-account = een onbekende naam

## User administration
users-show = Toon
users-show-all = Alle accounts
users-show-medewerkers = Medewerkers
users-show-gasten = Externe gasten
users-show-gedeactiveerd = Gedeactiveerd
users-show-nooit-ingelogd = Nooit ingelogd
users-none = Geen accounts gevonden.
users-col-name = Naam
users-col-groups = Groepen
users-col-actions = Acties
users-groups = Groepen
users-groups-none = In geen enkele groep.
users-spaces = Teams
users-spaces-none = Lid van geen enkel team.
space-member-remove-title = Lid uit het team halen?
space-member-remove-question = Deze persoon leest dan niet meer mee in een besloten of geheim team, en krijgt er geen meldingen meer van.
space-member-remove-yes = Uit het team halen

## Zoeken
search-title = Zoeken
search-title-for = Zoeken naar “{ $query }”
search-label = Waar zoek je naar?
search-header-label = Zoeken in het intranet
search-submit = Zoeken
search-hint = Zoek in berichten, reacties, collega’s en teams. Zet woorden tussen "aanhalingstekens" voor een vaste zin, een - ervoor om een woord uit te sluiten, een * erachter voor woorden die zo beginnen.
search-building = De zoekindex wordt nog opgebouwd; nog niet alles is te vinden.
search-kinds-label = Soort resultaat
search-count = { $count ->
    [0] Geen resultaten
    [one] Eén resultaat
   *[other] { $count } resultaten
}
search-fuzzy = Niets gevonden met precies deze woorden. Dit lijkt erop (met een kleine spelfout).
search-none = Niets gevonden voor “{ $query }”.
search-none-spelling = Controleer de spelling, of probeer een ander woord met dezelfde betekenis.
search-none-fewer = Gebruik minder of algemenere woorden.
search-none-rights = Je vindt alleen wat je mag lezen: berichten in besloten en geheime teams alleen als je lid bent.
search-more = Meer resultaten
search-too-long = Een zoekvraag is hoogstens { $max } tekens lang.
search-kind-all = Alles ({ $count })
search-kind-person = Collega’s ({ $count })
search-kind-space = Teams ({ $count })
search-kind-post = Berichten ({ $count })
search-kind-comment = Reacties ({ $count })
search-hit-post = Bericht
search-hit-comment = Reactie
search-hit-person = Collega
search-hit-space = Team
search-post-title = { $name } in { $place }
search-narrow-label = Resultaten verfijnen
search-narrow-submit = Verfijnen
search-team-label = Team
search-team-any = Alle teams
search-period-label = Periode
search-period-any = Altijd
search-period-week = Afgelopen week
search-period-month = Afgelopen maand
search-period-year = Afgelopen jaar
search-by = Van { $name }
search-by-remove = Filter “van { $name }” weghalen
search-more-by = Berichten van { $name }
search-meant = Bedoelde je
search-suggest-topic = { $count ->
    [one] Onderwerp · 1 bericht
   *[other] Onderwerp · { $count } berichten
}
search-suggest-all = Alle resultaten voor “{ $query }”
search-suggest-label = Suggesties
search-count-more = Meer dan { $count } resultaten
search-kind-all-more = Alles ({ $count }+)
search-kind-person-more = Collega’s ({ $count }+)
search-kind-space-more = Teams ({ $count }+)
search-kind-post-more = Berichten ({ $count }+)
search-kind-comment-more = Reacties ({ $count }+)
search-topics = Onderwerpen:
search-topic = #{ $topic } ({ $count })

## News
nav-news = Nieuws
home-news = Nieuws
home-news-all = Al het nieuws
news-title = Nieuws
news-none = Er is (nog) geen nieuws voor jou.
news-older = Ouder nieuws
news-new = Nieuw bericht schrijven
news-back-to-archive = Terug naar al het nieuws
news-filter-label = Nieuws filteren
news-filter-all = Alles
news-filter-month = Maand
news-filter-audience = Voor wie
news-filter-apply = Filteren
news-filter-clear = Filters wissen
news-audience-filter-everyone = Iedereen
news-audience-filter-groups = Afdelingen en groepen
news-audience-filter-space = Teams
news-month = { $month } { $year }
news-for-everyone = Voor iedereen
news-for-groups = Voor { $groups }
news-in-space = In { $space }
news-featured = Uitgelicht
news-to-confirm = Te bevestigen
news-overdue = Termijn verstreken, nog bevestigen
news-confirmed = Gelezen en begrepen
news-scheduled-for = Verschijnt { $time }
news-state-draft = Concept: alleen de redactie ziet dit
news-state-scheduled = Ingepland: verschijnt op de publicatiedatum
news-state-published = Gepubliceerd
news-state-ended = Verlopen: staat niet meer op de startpagina, wel in het archief
news-state-archived = Gearchiveerd: alleen de redactie ziet dit
news-byline-on-behalf = { $name } namens { $department }
news-changed = Gewijzigd op { $time }
news-changed-note = Gewijzigd op { $time }: { $note }
news-changes-show = Bekijk wat er is veranderd
news-changes-removed = verwijderd
news-changes-added = toegevoegd
news-confirm-heading = Gelezen en begrepen
news-confirm-asked = De redactie vraagt je te bevestigen dat je dit bericht hebt gelezen en begrepen.
news-confirm-due = De redactie vraagt je vóór { $time } te bevestigen dat je dit bericht hebt gelezen en begrepen.
news-confirm-button = Gelezen en begrepen
news-confirmed-at = Je hebt bevestigd dat je dit bericht hebt gelezen en begrepen ({ $time }).
news-confirm-not-yours = Dit bericht vraagt een leesbevestiging van de doelgroep; jij hoort daar niet bij.
news-confirmed-now = Dank je. Je bevestiging is vastgelegd.
news-manage-label = Bericht beheren
news-edit = Bewerken
news-delete = Verwijderen
news-delete-title = Nieuwsbericht verwijderen?
news-delete-text = Het bericht en de leesbevestigingen worden definitief verwijderd. Archiveren bewaart ze.
news-deleted = Het nieuwsbericht is verwijderd.
news-saved = Het nieuwsbericht is opgeslagen.
news-reminded = De herinnering wordt verstuurd aan wie nog niet heeft bevestigd.
news-to-confirm-title = Te bevestigen
news-to-confirm-intro = Berichten waarvan de redactie vraagt te bevestigen dat je ze hebt gelezen en begrepen.
news-to-confirm-none = Je hebt alles bevestigd. Er staat niets meer open.
news-desk-title = Redactie
news-desk-intro = Alle berichten die jij beheert: concepten, ingepland, gepubliceerd, verlopen en gearchiveerd.
news-desk-none = Je beheert nog geen nieuwsberichten.
news-new-title = Nieuwsbericht schrijven
news-edit-title = Nieuwsbericht bewerken
news-save = Opslaan
news-field-title = Titel
news-field-lead = Inleiding
news-field-lead-hint = Eén korte alinea: die staat in het overzicht en op de startpagina.
news-field-body = Tekst
news-field-body-hint = Je kunt **vet**, *cursief*, lijsten en links gebruiken.
news-field-category = Categorie
news-field-on-behalf = Namens (afdeling)
news-field-picture = Afbeelding bovenaan
news-picture-current = De huidige afbeelding
news-picture-remove = Afbeelding verwijderen
news-picture-file = Kies een afbeelding (JPEG, PNG, WebP of GIF)
news-picture-alt = Beschrijving van de afbeelding (voor wie hem niet ziet)
news-field-audience = Voor wie
news-audience-everyone = Alle medewerkers
news-audience-groups = Alleen deze groepen (ook externe gasten in die groepen):
news-field-publishing = Publiceren
news-publishing-now = Nu publiceren
news-publishing-keep = Gepubliceerd laten
news-publishing-at = Inplannen op:
news-field-publish-at = Publicatiedatum en -tijd
news-publishing-draft = Bewaren als concept
news-publishing-archive = Archiveren (alleen de redactie ziet het nog)
news-field-ends-at = Einddatum (optioneel)
news-field-ends-at-hint = Daarna staat het bericht niet meer op de startpagina, wel in het archief.
news-field-featured = Uitlichten bovenaan de startpagina
news-field-featured-until = Uitgelicht tot
news-field-reactions = Reacties en vind-ik-leuks toestaan
news-field-reactions-help = Lezers kunnen reageren en het bericht leuk vinden. Zet je dit uit, dan blijven bestaande reacties zichtbaar maar kan niemand meer reageren.
news-field-confirmation = Vraag om een leesbevestiging ("Gelezen en begrepen")
news-field-confirmation-help = Iedereen in de doelgroep ziet het bericht als "Te bevestigen" tot hij of zij bevestigt. Je ziet wie wel en niet heeft bevestigd.
news-field-confirm-due = Bevestigen vóór (optioneel)
news-field-edit = Wat voor wijziging is dit?
news-edit-correction = Kleine correctie
news-edit-correction-help = Bijvoorbeeld een typefout. Gegeven bevestigingen blijven staan.
news-edit-version = Gewijzigde inhoud
news-edit-version-help = Iedereen moet opnieuw bevestigen. Het bericht toont wat er is gewijzigd.
news-field-change-note = Wat is er gewijzigd?
news-error-audience = Kies een of meer groepen die je kunt zien.
news-error-ends = De einddatum moet na de publicatiedatum liggen.
news-error-due = De bevestigingstermijn moet na de publicatiedatum liggen.
news-error-date = Vul een datum en tijd in, bijvoorbeeld 28-11-2026 14:00.
news-report-link = Leesbevestigingen
news-report-title = Leesbevestigingen: { $title }
news-report-heading = Leesbevestigingen
news-report-standing = Stand
news-report-summary = { $confirmed } van { $audience } mensen hebben bevestigd ({ $percent }%).
news-report-csv = Downloaden voor Excel
news-remind = Herinnering sturen
news-remind-text = { $count ->
    [one] Eén persoon heeft nog niet bevestigd en krijgt een herinnering in Plein en per e-mail.
   *[other] { $count } mensen hebben nog niet bevestigd en krijgen een herinnering in Plein en per e-mail.
}
news-report-chart = Verloop
news-report-chart-text = Bevestigingen per dag van { $first } tot { $last }: { $confirmed } van { $audience }.
news-report-chart-caption = Staafjes: bevestigingen per dag. Lijn: het totaal.
news-report-chart-table = De cijfers als tabel
news-report-day = Dag
news-report-that-day = Die dag
news-report-total = Totaal
news-report-none-yet = Nog niemand heeft bevestigd.
news-report-groups = Per groep
news-report-group = Groep
news-report-confirmed = Bevestigd
news-report-not-yet = Nog niet
news-report-audience = Doelgroep
news-report-people = Mensen
news-report-open = Nog niet bevestigd
news-report-bevestigd = Bevestigd
news-report-iedereen = Iedereen
news-report-nobody = Niemand in deze lijst.
news-report-more = Meer mensen
news-csv-name = Naam
news-csv-department = Afdeling
news-csv-email = E-mailadres
news-csv-kind = Soort
news-csv-confirmed = Bevestigd op
news-csv-guest = gast
news-csv-employee = medewerker
notification-news = Nieuws: { $title }
notification-news-reminder = Herinnering: bevestig dat je "{ $title }" hebt gelezen
notifications-news-choice = Gewoon nieuws
notifications-news-none = Niet melden
notifications-news-app = Melden in Plein
notifications-news-mail = Melden in Plein en per e-mail
notifications-news-help = Nieuws dat om een leesbevestiging vraagt, krijg je altijd in Plein en per e-mail.
notifications-news-save = Opslaan
mail-news-subject = Nieuws: { $title }
mail-news-intro = Er is nieuws voor je op het intranet van { $organisation }:
mail-news-confirm-subject = Graag bevestigen: { $title }
mail-news-confirm-intro = De redactie van { $organisation } vraagt je dit bericht te lezen en te bevestigen dat je het hebt gelezen en begrepen:
mail-news-reminder-subject = Herinnering: { $title }
mail-news-reminder-intro = Je hebt nog niet bevestigd dat je dit bericht hebt gelezen en begrepen:
mail-news-due = Graag bevestigen vóór { $due }.
home-news-to-confirm = { $count ->
    [one] Eén bericht te bevestigen
   *[other] { $count } berichten te bevestigen
}
search-kind-news = Nieuws ({ $count })
search-kind-news-more = Nieuws ({ $count }+)
search-hit-news = Nieuws
branding-error-contrast = Te weinig contrast: { $ratio }:1.
branding-error-contrast-primary-text = Witte tekst op deze hoofdkleur is slecht leesbaar: contrast { $ratio }:1, nodig is ten minste 4,5:1.
branding-error-contrast-primary-control = Knoppen in deze hoofdkleur vallen weg tegen de achtergrond: contrast { $ratio }:1, nodig is ten minste 3:1.
branding-error-contrast-header-text = Witte tekst op deze kopbalkkleur is slecht leesbaar: contrast { $ratio }:1, nodig is ten minste 4,5:1.
branding-error-contrast-header-focus = De gele focusrand valt weg tegen deze kopbalkkleur: contrast { $ratio }:1, nodig is ten minste 3:1.
branding-error-contrast-link-text = Links in deze kleur zijn slecht leesbaar op de achtergrond: contrast { $ratio }:1, nodig is ten minste 4,5:1.
admin-branding = Huisstijl
admin-branding-intro = De naam van het intranet, het logo, het icoon in de browser, de kleuren en de tekst op de inlogpagina.
branding-title = Huisstijl
branding-intro = Zo herkennen collega's hun eigen intranet. Kleuren worden gecontroleerd op voldoende contrast (WCAG 2.1 AA) voordat ze worden opgeslagen. De wijziging is direct zichtbaar.
branding-name = Naam van het intranet
branding-name-hint = Bijvoorbeeld "Samen@Work". Leeg laten: "{ $name }" uit het configuratiebestand.
branding-logo = Logo
branding-logo-current = Het huidige logo
branding-logo-remove = Logo verwijderen
branding-logo-file = Kies een logo (PNG, JPEG, WebP of GIF)
branding-logo-alt = Beschrijving van het logo
branding-favicon = Icoon in het browsertabblad
branding-favicon-current = Het huidige icoon
branding-favicon-remove = Icoon verwijderen
branding-favicon-file = Kies een vierkant icoon (PNG, JPEG, WebP of GIF)
branding-colours = Kleuren
branding-colours-hint = Als #rrggbb, bijvoorbeeld #00634f. Leeg laten: de kleur van Plein. Links krijgen de hoofdkleur als je geen linkkleur kiest.
branding-primary-colour = Hoofdkleur (knoppen)
branding-header-colour = Kopbalk
branding-link-colour = Links
branding-login-intro = Tekst op de inlogpagina
branding-login-intro-hint = Bijvoorbeeld wie kan inloggen en waar je hulp krijgt.
branding-save = Opslaan
branding-saved = De huisstijl is opgeslagen.
space-news = Nieuws van dit team
space-news-write = Nieuws schrijven
space-news-none = Dit team heeft nog geen nieuws.
