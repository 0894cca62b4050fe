export {
  linearShap,
  shapBeeswarm,
  shapImportance,
  type BeeswarmPoint,
  type LinearShap,
  type ShapImportance,
} from './linear-shap';
