/**
 * A condition that one of a user's epochs (`sessionEpoch`, `tokenEpoch`) is still the value read:
 * nothing cut the user's sessions or tokens since. An epoch never moved on is absent from the item
 * (it reads as 0), so "still 0" is "still absent".
 */
export function epochUnchanged(attribute: "sessionEpoch" | "tokenEpoch", epoch: number | undefined): { condition: string; values: Record<string, number> } {
  return epoch ? { condition: `${attribute} = :epoch`, values: { ":epoch": epoch } } : { condition: `attribute_not_exists(${attribute})`, values: {} };
}
