<#import "/_text.ftl" as t>
Goedendag,

Op ${instant(requestedAt)} is gevraagd om u met dit e-mailadres aan te melden om uw licenties te beheren.

<@t.link label="Aanmelden bij Uw producten" href=link/>

De koppeling kan één keer worden gebruikt en verloopt ${t.minutes(expiresMinutes)} na de aanvraag.

Hebt u hier niet om gevraagd? Negeer dan deze e-mail. Er verandert niets, en zonder deze koppeling kan niemand zich aanmelden.

<@t.footer/>
