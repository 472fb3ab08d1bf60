import { outcomeOfErrorAnswer } from "../../provider/atlas/request-outcome";

describe("what an error answer proves about the request (issue 9 item 1)", () => {
  const atlas = (status: number, errorCode = "SERVICE_UNAVAILABLE") => ({ detail: "…", error: status, errorCode, parameters: [], reason: "x" });
  test.each([
    ["4xx: Atlas rejected it", 400, atlas(400, "INVALID_ATTRIBUTE"), "rejected"],
    ["429 without a body", 429, undefined, "rejected"],
    ["503 with Atlas's own error document: refused before acting", 503, atlas(503), "rejected"],
    ["503 whose document has no errorCode (not Atlas's shape, OAS1 requires it)", 503, { error: 503, reason: "Service Unavailable" }, "unknown"],
    ["503 whose document names another status (a proxy's JSON)", 503, atlas(502), "unknown"],
    ["503 with no body", 503, undefined, "unknown"],
    ["500 UNEXPECTED_ERROR: failed while handling it", 500, atlas(500, "UNEXPECTED_ERROR"), "unknown"],
    ["502 from a gateway, even JSON", 502, atlas(502), "unknown"],
    ["504", 504, atlas(504), "unknown"],
  ])("%s → %s", (_name, status, body, outcome) => {
    expect(outcomeOfErrorAnswer(status as number, body)).toBe(outcome);
  });
});
