<#-- De bestelgegevens die beide delen tonen, als [label, waarde]-rijen; gebruikt door html_nl en text_nl. -->
<#assign details = [
  ["Product", product],
  ["Productcode", "eindigt op " + keyLastFive],
  ["Licenties", (seatsBefore == seatsAfter)?then(seatsAfter?c + " (ongewijzigd)", seatsAfter?c + " (was " + seatsBefore?c + ")")],
  ["Einddatum", (endBefore == endAfter)?then(date(endAfter) + " (ongewijzigd)", date(endAfter) + " (was " + date(endBefore) + ")")]
]>
