import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";

type Image = NonNullable<DynamoDBRecord["dynamodb"]>["NewImage"];
let sequence = 100;

/**
 * The one stream-record builder: an item's change as Lambda delivers it from the table's stream
 * (view type NEW_IMAGE). Sequence numbers grow across every record built in a test run.
 */
export function streamRecord(eventName: "INSERT" | "MODIFY" | "REMOVE", item: Record<string, unknown>, table = "roster"): DynamoDBRecord {
  sequence += 1;
  // marshall's AttributeValue and Lambda's differ only for binaries, which Roster's items hold none of.
  const image = (value: Record<string, unknown>) => marshall(value, { removeUndefinedValues: true }) as Image;
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "us-east-1",
    eventSourceARN: `arn:aws:dynamodb:us-east-1:123456789012:table/${table}/stream/2026-11-25T00:00:00.000`,
    dynamodb: {
      ApproximateCreationDateTime: 1764028800,
      Keys: image({ pk: item.pk, sk: item.sk }),
      NewImage: eventName === "REMOVE" ? undefined : image(item),
      SequenceNumber: String(sequence).padStart(21, "0"),
      SizeBytes: 300,
      StreamViewType: "NEW_IMAGE",
    },
  };
}
