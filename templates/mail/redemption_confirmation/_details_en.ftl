<#-- The order details both parts show, as [label, value] rows; included by html_en and text_en. -->
<#assign details = [
  ["Product", product],
  ["Product key", "ending in " + keyLastFive],
  ["Licences", (seatsBefore == seatsAfter)?then(seatsAfter?c + " (unchanged)", seatsAfter?c + " (was " + seatsBefore?c + ")")],
  ["End date", (endBefore == endAfter)?then(date(endAfter) + " (unchanged)", date(endAfter) + " (was " + date(endBefore) + ")")]
]>
