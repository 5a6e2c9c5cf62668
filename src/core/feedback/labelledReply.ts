/** The classification a piece of feedback says is right, in the exact shape the model must reply with. */
import { ClassificationReply, classificationSchema } from '../incidents/incident';
import { classifyOffline } from '../incidents/offlineClassifier';
import { FeedbackItem, trueCategory } from './feedbackRecord';

/** Confidence written into examples: a person's label, but still an example of a judgement, not certainty. */
const labelledConfidence = 0.9;

/**
 * The reply a model should have given for this feedback, or undefined when the right category is unknown (a 👎
 * without a correction). Category is the person's; severity and priority stay as predicted (people corrected the
 * category, not those); subcategory and rationale come from the person when given, else from the offline
 * classifier's evidence for that category.
 */
export function labelledReply(item: FeedbackItem): ClassificationReply | undefined {
  const category = trueCategory(item);
  if (!category || item.target !== 'classification') return undefined;
  const keepsPrediction = category === item.predicted.category;
  const evidence = classifyOffline({ text: item.inputText }, [], { categoryBias: { [category]: 1000 } });
  const signals = /signals: [^;]*/.exec(evidence.rationale)?.[0];
  const note = item.note?.trim();
  const reply: ClassificationReply = {
    category,
    subcategory: (item.correctedSubcategory ?? (keepsPrediction ? item.predicted.subcategory : evidence.subcategory)).slice(0, 80),
    severity: item.predicted.severity,
    priority: item.predicted.priority,
    confidence: labelledConfidence,
    rationale: (note ? `${category}: ${note}` : signals ? `${category}: ${signals}.` : `${category} incident.`).slice(0, 2000),
  };
  return classificationSchema.parse(reply);
}
