Geachte heer/mevrouw,

Bij het importeren van uw feed ${file} voor ${partnerName} is het onderstaande geweigerd. Al het andere in het bestand is geïmporteerd.

<#list rejections as line>
${line}
</#list>

Verbeter deze gegevens in de feed en lever die opnieuw aan; de verbeterde gegevens worden dan geïmporteerd. U ontvangt dit overzicht één keer per wijziging van het bestand, niet bij elke import.

-- 
Deze e-mail is automatisch verzonden door de licentieactiveringsservice.
